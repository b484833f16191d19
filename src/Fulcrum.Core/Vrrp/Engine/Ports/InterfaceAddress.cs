using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>An IPv4 address configured on an interface, with its prefix length.</summary>
public sealed record InterfaceAddress(IPAddress Address, int PrefixLength);
