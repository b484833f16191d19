using System.Net;

namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>snat ip to 203.0.113.100</c>: the new flow's source becomes <paramref name="Address"/>.</summary>
public sealed record SnatTerm(IPAddress Address) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"snat ip to {Address}";
}
