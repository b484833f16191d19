namespace Fulcrum.Core.Config;

/// <summary>VRRP settings shared by both nodes (RFC 5798 / RFC 9568; version 2 is RFC 3768).</summary>
/// <param name="Vrid">Virtual router id, 1-255; unique on each network segment.</param>
/// <param name="Version">VRRP version, 2 or 3.</param>
/// <param name="Advert">Advertisement interval.</param>
/// <param name="Preempt">Whether a higher-priority node takes the VIPs back when it returns.</param>
/// <param name="PreemptDelay">How long a returning higher-priority node waits before preempting.</param>
/// <param name="Unicast">Send adverts to the peer's addresses instead of the VRRP multicast group.</param>
public sealed record HaConfig(
    byte Vrid,
    int Version,
    TimeSpan Advert,
    bool Preempt,
    TimeSpan PreemptDelay,
    bool Unicast)
{
    /// <summary>Gratuitous ARP on becoming master.</summary>
    public GratuitousArpConfig Garp { get; init; } = GratuitousArpConfig.Default;

    /// <summary>Tracked interfaces, services and commands.</summary>
    public HaTrackConfig Track { get; init; } = HaTrackConfig.None;

    /// <summary>Absolute path of the program run once per transition, or null.</summary>
    public string? Notify { get; init; }

    /// <summary>Advert authentication.</summary>
    public HaAuthConfig Auth { get; init; } = HaAuthConfig.None;

    /// <summary>The default of <see cref="FlowHandOff"/>.</summary>
    public static readonly TimeSpan DefaultFlowHandOff = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a node that took over from a live peer sends the TCP packets of flows it does not know
    /// back to that peer (<c>ha.flow_handoff</c>); zero is off.
    /// </summary>
    public TimeSpan FlowHandOff { get; init; } = DefaultFlowHandOff;

    /// <summary>Connection synchronisation with the peer.</summary>
    public ConnectionSyncConfig ConnectionSync { get; init; } = ConnectionSyncConfig.Default;
}
