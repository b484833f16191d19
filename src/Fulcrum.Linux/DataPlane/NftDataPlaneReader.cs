using System.Collections.Immutable;
using Fulcrum.Core.Collections;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Rebuilds the engine's state from the kernel alone, so a daemon that crashed or restarted adopts
/// the running data plane and corrects it by difference instead of flushing it. The kernel holds
/// everything: each service's id and settings in the comment of its rule in its bucket chain
/// (with the rule's handle, for replacing it later), every server (drained ones too) with its mark
/// and weight in map <c>servers</c>. Slot
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

        var declared = client.ListSets(NftLayout.Family, NftLayout.Table);
        if (declared.Any(s => s.Name == NftLayout.Services && s.DataType == NftDataType.Verdict))
        {
            throw new DataPlaneException(
                $"table ip {NftLayout.Table} has the layout of an earlier Fulcrum (a chain per service, dispatched by verdict map), " +
                $"which this version cannot adopt: delete it (nft delete table ip {NftLayout.Table}; traffic to the VIPs stops until the next apply) and apply again.");
        }

        var sets = declared.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var chains = client.ListChains(NftLayout.Family, NftLayout.Table);
        var rules = client.ListRules(NftLayout.Family, NftLayout.Table).ToLookup(r => r.Chain, StringComparer.Ordinal);
        var servers = sets.Contains(NftLayout.Servers)
            ? client.ListElements(NftLayout.Family, NftLayout.Table, NftLayout.Servers).Select(ServerRecord.Parse).ToLookup(r => r.ServiceId)
            : Enumerable.Empty<ServerRecord>().ToLookup(r => r.ServiceId);

        var records = ImmutableDictionary.CreateBuilder<string, NftServiceRecord>(StringComparer.Ordinal);
        uint maxId = 0;
        uint maxMark = 0;
        foreach (var chain in chains.Where(c => NftLayout.IsBucketChain(c.Name)))
        {
            foreach (var rule in rules[chain.Name])
            {
                var comment = (rule.UserData is { } data ? ServiceComment.TryParse(NftRuleComment.Decode(data)) : null)
                    ?? throw new DataPlaneException(
                        $"rule {rule.Handle} of chain {chain.Name} in table ip {NftLayout.Table} has no Fulcrum service comment (added by hand?): " +
                        $"delete it (nft delete rule ip {NftLayout.Table} {chain.Name} handle {rule.Handle}) and apply again.");
                if (NftLayout.BucketChain(comment.Id) != chain.Name || comment.Id is 0 or > NftLayout.MaxServiceId)
                {
                    throw new DataPlaneException($"rule {rule.Handle} of chain {chain.Name} in table ip {NftLayout.Table} holds service id {comment.Id}, which does not belong in that chain (changed by hand?).");
                }

                var record = Record(comment.Id, comment, servers[comment.Id]) with { RuleHandle = rule.Handle };
                if (!records.TryAdd(comment.Name, record))
                {
                    throw new DataPlaneException($"two rules of table ip {NftLayout.Table} hold service '{comment.Name}' (handles {records[comment.Name].RuleHandle}, {rule.Handle}).");
                }

                maxId = Math.Max(maxId, comment.Id);
                maxMark = record.AllMarks().Aggregate(maxMark, Math.Max);
            }
        }

        var skeleton = NftLayout.Sets.All(s => sets.Contains(s.Name))
            && chains.Any(c => c.Name == NftLayout.Prerouting && c.BaseChain is not null)
            && chains.Any(c => c.Name == NftLayout.Output && c.BaseChain is not null)
            && chains.Any(c => c.Name == NftLayout.Counting && c.BaseChain is not null)
            && chains.Count(c => NftLayout.IsBucketChain(c.Name)) == NftLayout.BucketCount
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
