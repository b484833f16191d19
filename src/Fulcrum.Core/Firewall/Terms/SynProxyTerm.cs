using System.Globalization;

namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>synproxy mss 1460 wscale 7 timestamp sack-perm</c>: the kernel answers the SYN with a SYN cookie
/// and, on the client's valid ACK, opens the connection onwards itself. The packet ends here.
/// </summary>
public sealed record SynProxyTerm(ushort Mss, byte Wscale) : FirewallTerm
{
    /// <summary>The MSS announced to clients: Ethernet's 1500 bytes less IPv4 and TCP headers.</summary>
    public const ushort DefaultMss = 1460;

    /// <summary>The window scale announced to clients (Linux's for its default receive buffers).</summary>
    public const byte DefaultWscale = 7;

    /// <summary>The term with the defaults.</summary>
    public static SynProxyTerm Default { get; } = new(DefaultMss, DefaultWscale);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"synproxy mss {Mss} wscale {Wscale} timestamp sack-perm");
}
