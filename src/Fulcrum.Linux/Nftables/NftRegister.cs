using System.Diagnostics.CodeAnalysis;

namespace Fulcrum.Linux.Nftables;

/// <summary>
/// nf_tables registers (enum nft_registers, include/uapi/linux/netfilter/nf_tables.h). The four
/// 16-byte registers overlay the sixteen 32-bit ones (NFT_REG_1 is NFT_REG32_00..03); Fulcrum uses
/// the 32-bit names so concatenations occupy consecutive registers, one per 4-byte field.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Mirrors NFT_REG32_00..NFT_REG32_15.")]
public enum NftRegister : uint
{
    /// <summary>NFT_REG_VERDICT: where immediate verdicts and verdict-map lookups go.</summary>
    Verdict = 0,

    /// <summary>NFT_REG_1 (16 bytes; same storage as Reg32_00..03).</summary>
    Reg1 = 1,

    /// <summary>NFT_REG_2.</summary>
    Reg2 = 2,

    /// <summary>NFT_REG_3.</summary>
    Reg3 = 3,

    /// <summary>NFT_REG_4.</summary>
    Reg4 = 4,

    /// <summary>NFT_REG32_00.</summary>
    Reg32_00 = 8,

    /// <summary>NFT_REG32_01.</summary>
    Reg32_01,

    /// <summary>NFT_REG32_02.</summary>
    Reg32_02,

    /// <summary>NFT_REG32_03.</summary>
    Reg32_03,

    /// <summary>NFT_REG32_04.</summary>
    Reg32_04,

    /// <summary>NFT_REG32_05.</summary>
    Reg32_05,

    /// <summary>NFT_REG32_06.</summary>
    Reg32_06,

    /// <summary>NFT_REG32_07.</summary>
    Reg32_07,

    /// <summary>NFT_REG32_08.</summary>
    Reg32_08,

    /// <summary>NFT_REG32_09.</summary>
    Reg32_09,

    /// <summary>NFT_REG32_10.</summary>
    Reg32_10,

    /// <summary>NFT_REG32_11.</summary>
    Reg32_11,

    /// <summary>NFT_REG32_12.</summary>
    Reg32_12,

    /// <summary>NFT_REG32_13.</summary>
    Reg32_13,

    /// <summary>NFT_REG32_14.</summary>
    Reg32_14,

    /// <summary>NFT_REG32_15.</summary>
    Reg32_15,
}
