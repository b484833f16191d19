using System.Collections.Immutable;
using Fulcrum.Core.Collections;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Rebuilds the engine's state from the kernel alone, so a daemon that crashed or restarted adopts
/// the running data plane and corrects it by difference instead of flushing it. The kernel holds
/// everything: service ids in chain names, service settings in the comment of each service's
/// rules, every server (drained ones too) with its mark and weight in map <c>servers</c>. Slot
/// tables are not read: they are a pure function of the rest (<see cref="ServiceSlots"/>).
/// Costs one dump each of tables, sets, chains, rules and <c>servers</c> — never the big maps.
/// </summary>
internal static class NftDataPlaneReader
{
    public static NftEngineState Read(NftablesClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!client.ListTables(NftLayout.Family).Any(t => t.Name == NftLayout.Table))
        {
            return NftEngineState.Empty;
        }

        var sets = client.ListSets(NftLayout.Family, NftLayout.Table).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var chains = client.ListChains(NftLayout.Family, NftLayout.Table);
        var rules = client.ListRules(NftLayout.Family, NftLayout.Table).ToLookup(r => r.Chain, StringComparer.Ordinal);
        var servers = sets.Contains(NftLayout.Servers)
            ? client.ListElements(NftLayout.Family, NftLayout.Table, NftLayout.Servers).Select(ServerRecord.Parse).ToLookup(r => r.ServiceId)
            : Enumerable.Empty<ServerRecord>().ToLookup(r => r.ServiceId);

        var records = ImmutableDictionary.CreateBuilder<string, NftServiceRecord>(StringComparer.Ordinal);
        uint maxId = 0;
        uint maxMark = 0;
        foreach (var chain in chains)
        {
            if (!NftLayout.TryParseServiceChain(chain.Name, out var id))
            {
                continue;
            }

            var comment = rules[chain.Name]
                .Select(r => r.UserData is { } data ? ServiceComment.TryParse(NftRuleComment.Decode(data)) : null)
                .FirstOrDefault(c => c is not null)
                ?? throw new DataPlaneException(
                    $"chain {chain.Name} of table ip {NftLayout.Table} has no Fulcrum service comment (changed by hand?): " +
                    $"delete it (nft delete chain ip {NftLayout.Table} {chain.Name}) and apply again.");
            var record = Record(id, comment, servers[id]);
            if (!records.TryAdd(comment.Name, record))
            {
                throw new DataPlaneException($"two chains of table ip {NftLayout.Table} hold service '{comment.Name}' ({records[comment.Name].Chain}, {chain.Name}).");
            }

            maxId = Math.Max(maxId, id);
            maxMark = record.AllMarks().Aggregate(maxMark, Math.Max);
        }

        var skeleton = NftLayout.Sets.All(s => sets.Contains(s.Name))
            && chains.Any(c => c.Name == NftLayout.Prerouting && c.BaseChain is not null)
            && chains.Any(c => c.Name == NftLayout.Counting && c.BaseChain is not null)
            && NftSkeleton.RuleCounts.All(chain => rules[chain.Key].Count() == chain.Value);
        var services = records.ToImmutable();
        var model = new DataPlaneModel(services.Values.Select(r => r.Service).OrderBy(s => s.Name, StringComparer.Ordinal).ToEquatableArray());
        return new NftEngineState(skeleton, services, maxId + 1, maxMark + 1, model);
    }

    private static NftServiceRecord Record(uint id, ServiceComment comment, IEnumerable<ServerRecord> records)
    {
        var marks = new Dictionary<ServerEndpoint, uint>();
        var servers = new List<RealServer>();
        ServerEndpoint? sorry = null;
        uint? sorryMark = null;
        foreach (var record in records)
        {
            if (record.IsSorry)
            {
                (sorry, sorryMark) = (record.Endpoint, record.Mark);
            }
            else
            {
                marks[record.Endpoint] = record.Mark;
                servers.Add(new RealServer(record.Endpoint, record.Weight));
            }
        }

        var service = new VirtualService(
            comment.Name,
            comment.Listen,
            comment.Scheduler,
            comment.Persistence,
            servers.OrderBy(s => s.Endpoint, EndpointOrder.Instance).ToEquatableArray(),
            sorry,
            comment.SorryActive);
        return new NftServiceRecord(id, service, marks, sorryMark);
    }
}
