namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>Conntrack keys Fulcrum uses (enum nft_ct_keys, nf_tables.h).</summary>
public enum NftCtKey : uint
{
    /// <summary>NFT_CT_STATE: <c>ct state</c>, a host-order bitmask (see <see cref="NftCtState"/>).</summary>
    State = 0,

    /// <summary>NFT_CT_DIRECTION: <c>ct direction</c>.</summary>
    Direction = 1,

    /// <summary>NFT_CT_STATUS: <c>ct status</c> (e.g. dnat).</summary>
    Status = 2,

    /// <summary>NFT_CT_MARK: <c>ct mark</c>.</summary>
    Mark = 3,

    /// <summary>NFT_CT_LABELS: <c>ct label</c>, the flow's 128-bit label (16 bytes, a bitmap).</summary>
    Labels = 13,
}
