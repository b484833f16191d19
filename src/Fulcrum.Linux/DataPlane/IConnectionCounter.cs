namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Counts the connections conntrack tracks per ct mark (the engine marks every flow with its
/// server's mark). The engine's own narrow port; the ctnetlink client
/// (IConnectionTracker.CountByMark) adapts to it.
/// </summary>
public interface IConnectionCounter
{
    /// <summary>Live (not closing) connections by mark; marks without connections may be absent.</summary>
    Task<IReadOnlyDictionary<uint, long>> CountByMarkAsync(CancellationToken cancellationToken);
}
