namespace Fulcrum.Linux.Nftables;

/// <summary>Verdicts: NF_DROP/NF_ACCEPT (include/uapi/linux/netfilter.h) and enum nft_verdicts (nf_tables.h).</summary>
public enum NftVerdictCode
{
    /// <summary>NFT_RETURN: <c>return</c>.</summary>
    Return = -5,

    /// <summary>NFT_GOTO: <c>goto CHAIN</c>.</summary>
    Goto = -4,

    /// <summary>NFT_JUMP: <c>jump CHAIN</c>.</summary>
    Jump = -3,

    /// <summary>NFT_BREAK: stop evaluating the rule (no nft keyword).</summary>
    Break = -2,

    /// <summary>NFT_CONTINUE: <c>continue</c>.</summary>
    Continue = -1,

    /// <summary>NF_DROP: <c>drop</c>.</summary>
    Drop = 0,

    /// <summary>NF_ACCEPT: <c>accept</c>.</summary>
    Accept = 1,
}
