using Fulcrum.Linux.Nftables.Commands;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.Nftables;

/// <summary>
/// Changes to nf_tables buffered for one atomic transaction: <see cref="NftablesClient.Commit"/>
/// sends them between NFNL_MSG_BATCH_BEGIN and NFNL_MSG_BATCH_END and the kernel applies all or
/// none (the equivalent of one <c>nft -f</c> file). Each method names its <c>nft</c> command.
/// </summary>
public sealed class NftBatch
{
    private readonly List<NftCommand> _commands = [];
    private readonly Dictionary<(NftFamily Family, string Table, string Set), uint> _setIds = [];
    private uint _nextSetId = 1;

    /// <summary>
    /// NLM_F_ACK on every message (default), so the kernel confirms each one and an error is
    /// attributed to the message that caused it. Errors are reported even without it.
    /// </summary>
    public bool AcknowledgeEach { get; init; } = true;

    /// <summary>The buffered commands, in order (what a recording fake asserts on).</summary>
    public IReadOnlyList<NftCommand> Commands => _commands;

    /// <summary>Number of buffered commands.</summary>
    public int Count => _commands.Count;

    /// <summary>Appends any command.</summary>
    public NftBatch Add(NftCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands.Add(command);
        return this;
    }

    /// <summary><c>nft add table FAMILY NAME</c>.</summary>
    public NftBatch AddTable(NftFamily family, string name) => Add(new NftAddTable(family, name));

    /// <summary><c>nft delete table FAMILY NAME</c>.</summary>
    public NftBatch DeleteTable(NftFamily family, string name) => Add(new NftDeleteTable(family, name));

    /// <summary>
    /// Deletes the table whether or not it exists: "add" then "delete" in one batch (nft's
    /// <c>destroy table</c> idiom for kernels without NFT_MSG_DESTROYTABLE).
    /// </summary>
    public NftBatch DestroyTable(NftFamily family, string name) => AddTable(family, name).DeleteTable(family, name);

    /// <summary><c>nft add chain FAMILY TABLE NAME [{ type ... hook ... priority ...; policy ...; }]</c>.</summary>
    public NftBatch AddChain(NftFamily family, string table, string name, NftBaseChain? baseChain = null) =>
        Add(new NftAddChain(family, table, name, baseChain));

    /// <summary><c>nft delete chain FAMILY TABLE NAME</c>.</summary>
    public NftBatch DeleteChain(NftFamily family, string table, string name) => Add(new NftDeleteChain(family, table, name));

    /// <summary><c>nft add set|map ...</c>; the set gets a batch-local id (<see cref="SetIdOf"/>).</summary>
    public NftBatch AddSet(NftSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var id = _nextSetId++;
        _setIds[(set.Family, set.Table, set.Name)] = id;
        return Add(new NftAddSet(set, id));
    }

    /// <summary><c>nft delete set|map FAMILY TABLE NAME</c>.</summary>
    public NftBatch DeleteSet(NftFamily family, string table, string name) => Add(new NftDeleteSet(family, table, name));

    /// <summary><c>nft add element FAMILY TABLE SET { ... }</c>.</summary>
    public NftBatch AddElements(NftFamily family, string table, string set, IEnumerable<NftSetElement> elements) =>
        Add(new NftAddElements(family, table, set, [.. elements], SetIdOf(family, table, set)));

    /// <summary><c>nft delete element FAMILY TABLE SET { KEY, ... }</c>.</summary>
    public NftBatch DeleteElements(NftFamily family, string table, string set, IEnumerable<NftSetElement> elements)
    {
        var list = elements.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("No elements: use FlushSet to delete them all.", nameof(elements));
        }

        return Add(new NftDeleteElements(family, table, set, list));
    }

    /// <summary><c>nft flush set|map FAMILY TABLE SET</c>: deletes every element.</summary>
    public NftBatch FlushSet(NftFamily family, string table, string set) => Add(new NftDeleteElements(family, table, set, []));

    /// <summary><c>nft destroy element FAMILY TABLE SET { KEY, ... }</c>: delete the keys that exist, ignore the rest (Linux 6.3+).</summary>
    public NftBatch DestroyElements(NftFamily family, string table, string set, IEnumerable<NftSetElement> elements) =>
        Add(new NftDestroyElements(family, table, set, [.. elements]));

    /// <summary>
    /// Deletes the keys that exist and ignores the rest on any kernel: <c>destroy element</c> where
    /// the kernel has it, else <c>add element</c> then <c>delete element</c> of the same elements in
    /// this transaction (the add makes each key present, or leaves it as it is, and the delete
    /// removes it). For maps, give each element the data it maps to: an add of a key that exists
    /// with other data fails with EEXIST.
    /// </summary>
    public NftBatch DestroyElements(NftFamily family, string table, string set, IEnumerable<NftSetElement> elements, NftKernelFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var list = elements.ToList();
        if (features.DestroyElements)
        {
            return Add(new NftDestroyElements(family, table, set, list));
        }

        var bare = list.Select(e => new NftSetElement(e.Key, e.Data, e.Verdict) { KeyEnd = e.KeyEnd, IsIntervalEnd = e.IsIntervalEnd }).ToList();
        return AddElements(family, table, set, bare).DeleteElements(family, table, set, bare);
    }

    /// <summary><c>nft flush chain FAMILY TABLE CHAIN</c>: deletes every rule of the chain.</summary>
    public NftBatch FlushChain(NftFamily family, string table, string chain) => Add(new NftFlushChain(family, table, chain));

    /// <summary><c>nft add rule FAMILY TABLE CHAIN ...</c> (appended).</summary>
    public NftBatch AddRule(NftFamily family, string table, string chain, params IEnumerable<NftExpression> expressions) =>
        Add(new NftAddRule(family, table, chain, [.. expressions]));

    /// <summary><c>nft replace rule FAMILY TABLE CHAIN handle H ...</c>.</summary>
    public NftBatch ReplaceRule(NftFamily family, string table, string chain, ulong handle, params IEnumerable<NftExpression> expressions) =>
        Add(new NftAddRule(family, table, chain, [.. expressions], handle));

    /// <summary><c>nft delete rule FAMILY TABLE CHAIN handle H</c>.</summary>
    public NftBatch DeleteRule(NftFamily family, string table, string chain, ulong handle) => Add(new NftDeleteRule(family, table, chain, handle));

    /// <summary>The NFTA_SET_ID a set added earlier in this batch got, or null.</summary>
    public uint? SetIdOf(NftFamily family, string table, string set) =>
        _setIds.TryGetValue((family, table, set), out var id) ? id : null;
}
