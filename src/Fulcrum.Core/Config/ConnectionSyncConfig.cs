namespace Fulcrum.Core.Config;

/// <summary>
/// Connection synchronisation between the two balancers (<c>ha.connection_sync</c>; what conntrackd
/// does for keepalived pairs): each node sends the established flows it balances to its peer over the
/// private network, and the peer creates the same conntrack entries (same DNAT, same mark), so flows
/// survive a switch-over whatever the scheduler.
/// </summary>
/// <param name="Enabled">Whether the daemon syncs; both nodes must run a Fulcrum daemon with it on.</param>
/// <param name="Port">The UDP port on the private network, the same on both nodes.</param>
public sealed record ConnectionSyncConfig(bool Enabled, ushort Port)
{
    /// <summary>The default port: conntrackd's.</summary>
    public const ushort DefaultPort = 3780;

    /// <summary>Off, port 3780.</summary>
    public static ConnectionSyncConfig Default { get; } = new(false, DefaultPort);
}
