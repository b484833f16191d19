namespace Fulcrum.Linux.Nftables;

/// <summary>Base chain types (NFTA_CHAIN_TYPE strings the kernel registers): <c>type filter|nat|route</c>.</summary>
public enum NftChainType
{
    /// <summary>"filter".</summary>
    Filter,

    /// <summary>"nat": sees only the first packet of each connection.</summary>
    Nat,

    /// <summary>"route": reroutes when marks or addresses change (output hook).</summary>
    Route,
}
