using System.Net;

namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>ip saddr 192.168.20.0/24</c> (a /32 prints as the bare address): the IPv4 source (or destination) is in a prefix.</summary>
public sealed record PrefixTerm(bool Source, IPNetwork Prefix) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() =>
        $"ip {(Source ? "saddr" : "daddr")} {(Prefix.PrefixLength == 32 ? Prefix.BaseAddress.ToString() : Prefix.ToString())}";
}
