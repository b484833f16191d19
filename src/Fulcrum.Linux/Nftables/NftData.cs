using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Linux.Nftables;

/// <summary>
/// A value as nf_tables stores it in registers, set keys and element data (NFTA_DATA_VALUE):
/// raw bytes, in the byte order the matching expression loads (network order for addresses and
/// ports). Compared by content.
/// </summary>
public readonly struct NftData : IEquatable<NftData>
{
    // Registers are 32 bits wide; every concatenated field starts on a register boundary
    // (NFT_REG32_SIZE, include/uapi/linux/netfilter/nf_tables.h).
    private const int RegisterSize = 4;
    private readonly byte[]? _bytes;

    /// <summary>Copies <paramref name="bytes"/>.</summary>
    public NftData(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    private NftData(byte[] bytes, bool owned) => _bytes = owned ? bytes : (byte[])bytes.Clone();

    /// <summary>The bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>Number of bytes.</summary>
    public int Length => _bytes?.Length ?? 0;

    /// <summary>One byte, e.g. an IP protocol number for <c>meta l4proto tcp</c>.</summary>
    public static NftData FromByte(byte value) => new([value], owned: true);

    /// <summary>A 16-bit value in network order, e.g. a port for <c>tcp dport 80</c>.</summary>
    public static NftData FromUInt16BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return new NftData(bytes, owned: true);
    }

    /// <summary>A 32-bit value in network order.</summary>
    public static NftData FromUInt32BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new NftData(bytes, owned: true);
    }

    /// <summary>A 32-bit value in host order, as <c>numgen</c>, <c>jhash</c>, <c>meta mark</c> and <c>ct state</c> produce.</summary>
    public static NftData FromUInt32HostOrder(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return new NftData(bytes, owned: true);
    }

    /// <summary>An IPv4 or IPv6 address in network order.</summary>
    public static NftData FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new NftData(address.GetAddressBytes(), owned: true);
    }

    /// <summary>
    /// A concatenation (<c>ip daddr . tcp dport</c>): each field padded with zeros to a 4-byte
    /// register boundary, as nft and the kernel lay out concatenated keys.
    /// </summary>
    public static NftData Concat(params ReadOnlySpan<NftData> fields)
    {
        var length = 0;
        foreach (var field in fields)
        {
            length += Align(field.Length);
        }

        var bytes = new byte[length];
        var offset = 0;
        foreach (var field in fields)
        {
            field.Span.CopyTo(bytes.AsSpan(offset));
            offset += Align(field.Length);
        }

        return new NftData(bytes, owned: true);
    }

    /// <summary>An IPv4 address and a port as one concatenated value (<c>10.0.0.1 . 80</c>).</summary>
    public static NftData AddressAndPort(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("An IPv4 address is required.", nameof(address));
        }

        return Concat(FromAddress(address), FromUInt16BigEndian(port));
    }

    /// <summary>Bytes needed to hold a value of <paramref name="length"/> bytes in whole registers.</summary>
    public static int Align(int length) => (length + RegisterSize - 1) / RegisterSize * RegisterSize;

    /// <inheritdoc />
    public bool Equals(NftData other) => Span.SequenceEqual(other.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NftData other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    /// <summary>Lower-case hex, e.g. "0a00000100500000".</summary>
    public override string ToString() => Convert.ToHexStringLower(Span);

    /// <summary>Content equality.</summary>
    public static bool operator ==(NftData left, NftData right) => left.Equals(right);

    /// <summary>Content inequality.</summary>
    public static bool operator !=(NftData left, NftData right) => !left.Equals(right);
}
