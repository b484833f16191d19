using System.Collections.Immutable;
using Fulcrum.Core.DataPlane;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// What the engine knows the kernel holds: whether the fixed part of the table (sets, base chains)
/// is complete, every service with its ids, and the next free ids. Immutable: a translation
/// produces the next state, which the engine adopts only once the kernel has committed.
/// </summary>
/// <param name="HasSkeleton">True when table, sets and base chains with their rules are all present.</param>
/// <param name="Services">Services by name.</param>
/// <param name="NextServiceId">The id the next new service gets (ids are not reused while the table lives).</param>
/// <param name="NextMark">The mark the next new server gets.</param>
/// <param name="Model">The data plane these services make up.</param>
internal sealed record NftEngineState(
    bool HasSkeleton,
    ImmutableDictionary<string, NftServiceRecord> Services,
    uint NextServiceId,
    uint NextMark,
    DataPlaneModel Model)
{
    /// <summary>A kernel without Fulcrum's table.</summary>
    public static NftEngineState Empty { get; } =
        new(false, ImmutableDictionary.Create<string, NftServiceRecord>(StringComparer.Ordinal), 1, 1, DataPlaneModel.Empty);

    /// <summary>The service that owns a mark, and the server's record; null when no service has it.</summary>
    public (NftServiceRecord Service, ServerRecord Server)? FindMark(uint mark)
    {
        foreach (var service in Services.Values)
        {
            foreach (var server in service.ServerRecords())
            {
                if (server.Mark == mark)
                {
                    return (service, server);
                }
            }
        }

        return null;
    }
}
