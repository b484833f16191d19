using System.Net;

namespace Fulcrum.Core.Firewall;

/// <summary>The peer node's address on one network, the only source VRRP is accepted from there.</summary>
public sealed record VrrpPeerAddress(string Interface, IPAddress Address);
