using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// A plan turned into kernel terms: the transaction, its description, the state the kernel will
/// be in once it commits, and the work that needs the kernel's dynamic state (persistence entries
/// to forget, conntrack flows to cut), which only the engine can do at apply time.
/// </summary>
internal sealed class NftTranslation
{
    public required NftBatch Batch { get; init; }

    /// <summary>One line per kernel change, nft-like (<c>fulcrum plan</c>).</summary>
    public required IReadOnlyList<string> Lines { get; init; }

    public required NftEngineState Next { get; init; }

    /// <summary>Marks whose persistence entries must go (drained or removed servers).</summary>
    public required IReadOnlySet<uint> ForgetPersistMarks { get; init; }

    /// <summary>Services whose persistence entries must all go (removed, or scheduling changed).</summary>
    public required IReadOnlySet<uint> ForgetPersistServices { get; init; }

    /// <summary>Marks whose established flows are cut after the commit (removed servers).</summary>
    public required IReadOnlyList<uint> CutFlowMarks { get; init; }
}
