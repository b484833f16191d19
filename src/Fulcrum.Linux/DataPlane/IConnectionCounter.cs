namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Counts the connections conntrack tracks per ct mark (the engine marks every flow with its
/// server's mark). The engine's own narrow port; <see cref="ConntrackFlows"/> adapts the ctnetlink
/// client to it.
/// </summary>
public interface IConnectionCounter
{
    /// <summary>Active connections by mark (IPVS's ActiveConn: TCP established, UDP seen both ways); marks without any may be absent.</summary>
    Task<IReadOnlyDictionary<uint, long>> CountByMarkAsync(CancellationToken cancellationToken);
}
