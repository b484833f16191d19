namespace Fulcrum.Linux.Nftables;

/// <summary>
/// Byte order of a set's keys or data, recorded in the set's user data so that <c>nft list</c>
/// prints integers correctly (nftables include/expression.h, enum byteorder). The kernel ignores it.
/// </summary>
public enum NftByteOrder
{
    /// <summary>Not recorded: nft derives it from the type (addresses and ports are big-endian).</summary>
    Unspecified = 0,

    /// <summary>BYTEORDER_HOST_ENDIAN: numgen, jhash and mark values.</summary>
    Host = 1,

    /// <summary>BYTEORDER_BIG_ENDIAN.</summary>
    Network = 2,
}
