using System.Collections.Immutable;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;

namespace Fulcrum.Daemon.Reconcile;

/// <summary>
/// Operator overrides (drain, weight) by (service, server). Runtime state: kept across a reload for
/// servers that are still configured (a weight override ends when the reload changes that server's
/// configured weight), lost on restart. Immutable: the reconciler swaps whole books.
/// </summary>
internal sealed class OverrideBook
{
    public static readonly OverrideBook Empty = new(ImmutableDictionary<ServerKey, OperatorOverride>.Empty);

    private OverrideBook(ImmutableDictionary<ServerKey, OperatorOverride> entries) => Entries = entries;

    public ImmutableDictionary<ServerKey, OperatorOverride> Entries { get; }

    public OperatorOverride? Find(ServerKey key) => Entries.GetValueOrDefault(key);

    public OverrideBook Set(ServerKey key, OperatorOverride value) => new(Entries.SetItem(key, value));

    public OverrideBook Clear(ServerKey key) => new(Entries.Remove(key));

    /// <summary>The overrides that still apply under <paramref name="config"/>.</summary>
    public OverrideBook Retain(ClusterConfig config)
    {
        var kept = Entries.Where(pair =>
        {
            var server = config.FindService(pair.Key.Service)?.Servers.FirstOrDefault(s => s.Endpoint.Equals(pair.Key.Endpoint));
            return server is not null && (pair.Value.Drained || server.Weight == pair.Value.ConfiguredWeight);
        });
        return new(kept.ToImmutableDictionary());
    }

    /// <summary>
    /// The weight the data plane gets: 0 while health says 0 (a down server stays out whatever the
    /// operator set), 0 when drained, the override weight, else the health weight.
    /// </summary>
    public ushort Apply(ServerKey key, ushort healthWeight)
    {
        if (healthWeight == 0 || Find(key) is not { } found)
        {
            return healthWeight;
        }

        return found.Drained ? (ushort)0 : found.Weight;
    }
}
