using System.Net;

namespace Fulcrum.Core.Firewall;

/// <summary>Where connection-sync datagrams are accepted from: the peer's private address, one UDP port, on the private interface.</summary>
/// <param name="Interface">The private network's interface.</param>
/// <param name="Address">The peer node's private address.</param>
/// <param name="Port">The sync port (<c>ha.connection_sync.port</c>).</param>
public sealed record ConnectionSyncPeer(string Interface, IPAddress Address, ushort Port);
