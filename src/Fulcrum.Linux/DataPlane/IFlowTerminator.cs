namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Cuts established flows to servers that were removed, so their clients get a prompt reset
/// instead of a hang: deletes the conntrack entries whose ct mark is one of the marks (the engine
/// marks every flow with its server's mark). The next packet of such a flow finds no entry, is
/// treated as new, and the server it now reaches answers with a reset.
/// </summary>
/// <remarks>
/// The engine's own narrow port (<see cref="ConntrackFlows"/> adapts the ctnetlink client to it),
/// so unit tests need no kernel. Draining never calls it: drained servers keep their flows.
/// </remarks>
public interface IFlowTerminator
{
    /// <summary>Deletes the conntrack entries carrying any of <paramref name="marks"/>.</summary>
    Task TerminateAsync(IReadOnlyCollection<uint> marks, CancellationToken cancellationToken);
}
