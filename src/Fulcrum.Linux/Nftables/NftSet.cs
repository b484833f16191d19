namespace Fulcrum.Linux.Nftables;

/// <summary>
/// A named set or map, as <c>nft add set|map FAMILY TABLE NAME { type KEY [: DATA]; flags ...; }</c>
/// declares it, or as the kernel lists it (then <see cref="Handle"/> is set).
/// </summary>
/// <param name="Family">Table family.</param>
/// <param name="Table">Table name.</param>
/// <param name="Name">Set name.</param>
/// <param name="KeyType">Key type id (<see cref="NftDataType"/>).</param>
/// <param name="KeyLength">Key length in bytes, each concatenated field counted in whole 4-byte registers.</param>
/// <param name="Flags">Set flags; <see cref="NftSetFlags.Map"/> for maps and verdict maps.</param>
/// <param name="DataType">Data type id of a map (<see cref="NftDataType.Verdict"/> for a verdict map).</param>
/// <param name="DataLength">Data length in bytes (0 for a verdict map).</param>
public sealed record NftSet(
    NftFamily Family,
    string Table,
    string Name,
    uint KeyType,
    uint KeyLength,
    NftSetFlags Flags = NftSetFlags.None,
    uint? DataType = null,
    uint DataLength = 0)
{
    /// <summary>Field lengths in bytes of a concatenated key (NFTA_SET_DESC_CONCAT); needed with <see cref="NftSetFlags.Interval"/>.</summary>
    public IReadOnlyList<uint> ConcatFieldLengths { get; init; } = [];

    /// <summary>Maximum number of elements (<c>size N</c>), or null for the kernel's default.</summary>
    public uint? Size { get; init; }

    /// <summary>Default element timeout (<c>timeout 30s</c>), for sets with <see cref="NftSetFlags.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Key byte order recorded for nft's printing; <see cref="NftByteOrder.Host"/> for numgen/jhash keys.</summary>
    public NftByteOrder KeyByteOrder { get; init; }

    /// <summary>Data byte order recorded for nft's printing.</summary>
    public NftByteOrder DataByteOrder { get; init; }

    /// <summary>
    /// NFTA_SET_EXPR <c>counter</c>: every element carries packet and byte counters (<c>counter</c>
    /// in the set declaration); elements a <c>dynset</c> adds get one too.
    /// </summary>
    public bool CountElements { get; init; }

    /// <summary>The kernel's handle (<c>nft -a list</c>), when read back; ignored when adding.</summary>
    public ulong? Handle { get; init; }

    /// <summary>
    /// A map from <c>ipv4_addr . inet_service</c> to <c>ipv4_addr . inet_service</c>:
    /// <c>nft add map ip TABLE NAME { type ipv4_addr . inet_service : ipv4_addr . inet_service; }</c>.
    /// </summary>
    public static NftSet AddressPortMap(NftFamily family, string table, string name) => new(
        family, table, name,
        NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetService), 8, NftSetFlags.Map,
        NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetService), 8);

    /// <summary>
    /// A verdict map keyed by <c>ipv4_addr . inet_service</c>:
    /// <c>nft add map ip TABLE NAME { type ipv4_addr . inet_service : verdict; }</c>.
    /// </summary>
    public static NftSet AddressPortVerdictMap(NftFamily family, string table, string name) => new(
        family, table, name,
        NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetService), 8, NftSetFlags.Map,
        NftDataType.Verdict, 0);

    /// <summary>
    /// A map from a numgen/jhash result to <c>ipv4_addr . inet_service</c>:
    /// <c>nft add map ip TABLE NAME { typeof numgen inc mod N : ip daddr . tcp dport; }</c>.
    /// </summary>
    public static NftSet IndexToAddressPortMap(NftFamily family, string table, string name) => new(
        family, table, name,
        NftDataType.IntegerValue, 4, NftSetFlags.Map,
        NftDataType.Concat(NftDataType.Ipv4Address, NftDataType.InetService), 8)
    {
        KeyByteOrder = NftByteOrder.Host,
    };
}
