namespace Fulcrum.Linux.Netlink;

/// <summary>
/// Byte order of an attribute's integer payload. Netlink headers and most attributes are in host
/// order; nf_tables (and IPVS) carry their integers in network order (big-endian), the semantics
/// that <c>NLA_F_NET_BYTEORDER</c> names. Every integer write says which one it means.
/// </summary>
public enum NetlinkByteOrder
{
    /// <summary>The CPU's order (little-endian on x86-64 and arm64).</summary>
    Host,

    /// <summary>Big-endian, as nf_tables expects for every integer attribute.</summary>
    Network,
}
