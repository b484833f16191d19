using Fulcrum.Core.Net;

namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>th dport 2222</c> / <c>th dport 1000-2000</c>: the transport destination port (after a <see cref="ProtocolTerm"/>).</summary>
public sealed record PortTerm(PortRange Ports) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => Ports.IsSinglePort ? $"th dport {Ports.First}" : $"th dport {Ports.First}-{Ports.Last}";
}
