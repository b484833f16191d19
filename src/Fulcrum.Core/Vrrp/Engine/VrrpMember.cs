using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>A sync-group member as the node runs it: its state machine, channel, send buffer and timers.</summary>
internal sealed class VrrpMember
{
    public VrrpMember(int index, VrrpMemberOptions options, VrrpInstance instance, IVrrpChannel channel, TimeProvider time)
    {
        Index = index;
        Options = options;
        Instance = instance;
        Channel = channel;
        Writer = new VrrpPacketWriter(options.Instance.PrimaryAddress, options.Authentication, options.Hmac, time);
        Destinations = options.UnicastPeers.Count > 0 ? [.. options.UnicastPeers] : [VrrpConstants.MulticastGroup];

        // One buffer, allocated once, big enough for any advert this member sends.
        SendBuffer = new byte[VrrpPacketLayout.MessageLength(options.Instance.Version, options.Instance.VirtualAddresses.Count)
            + (options.Hmac is null ? 0 : VrrpHmacTrailer.Length)];
    }

    public int Index { get; }

    public VrrpMemberOptions Options { get; }

    public VrrpInstance Instance { get; }

    public IVrrpChannel Channel { get; }

    public VrrpPacketWriter Writer { get; }

    public IPAddress[] Destinations { get; }

    public byte[] SendBuffer { get; }

    public string Name => Options.Instance.Name;

    /// <summary>The one state-machine timer (Adver_Timer or Master_Down_Timer), as a TimeProvider timestamp.</summary>
    public long? TimerDeadline { get; set; }

    /// <summary>Whether the armed timer is the Adver_Timer (else the Master_Down_Timer).</summary>
    public bool TimerIsAdvert { get; set; }

    /// <summary>The next gratuitous ARP round, while master.</summary>
    public long? GratuitousArpDeadline { get; set; }

    /// <summary>While stopping gracefully: when the VIPs go if no new master has been heard by then.</summary>
    public long? ReleaseDeadline { get; set; }

    /// <summary>Rounds left in the current burst.</summary>
    public int GratuitousArpRemaining { get; set; }

    /// <summary>When the last advert from another router on this link passed the receive path (a timestamp).</summary>
    public long? PeerHeardAt { get; set; }

    /// <summary>The source of that advert.</summary>
    public IPAddress? PeerAddress { get; set; }

    /// <summary>Whether the last send failed (failures are logged once per run of them).</summary>
    public bool SendFailing { get; set; }
}
