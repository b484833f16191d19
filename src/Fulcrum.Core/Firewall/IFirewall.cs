namespace Fulcrum.Core.Firewall;

/// <summary>
/// The port for the gateway firewall (the Linux adapter writes Fulcrum's own nftables table).
/// The daemon hosts it: <see cref="ApplyAsync"/> on start and on every reload.
/// </summary>
public interface IFirewall
{
    /// <summary>
    /// Replaces the firewall with <paramref name="policy"/>'s rules in one transaction. Bans in force
    /// are carried over. When the kernel refuses, nothing changed.
    /// </summary>
    /// <exception cref="FirewallException">The kernel refused; the previous rules are untouched.</exception>
    Task<FirewallRuleset> ApplyAsync(FirewallPolicy policy, CancellationToken cancellationToken);

    /// <summary>Whether Fulcrum's firewall table is in the kernel.</summary>
    Task<bool> IsAppliedAsync(CancellationToken cancellationToken);

    /// <summary>Packets counted by each counting rule, keyed by <c>chain/comment</c> (e.g. <c>spoofing/spoof_rpf</c>).</summary>
    Task<IReadOnlyDictionary<string, ulong>> ReadCountersAsync(CancellationToken cancellationToken);

    /// <summary>Removes Fulcrum's firewall table (nothing when it is not there).</summary>
    Task RemoveAsync(CancellationToken cancellationToken);
}
