using System.Buffers.Binary;
using System.Text;

namespace Fulcrum.Linux.Netlink;

/// <summary>One attribute: its type (flags masked off), whether NLA_F_NESTED was set, and its payload.</summary>
public readonly ref struct NetlinkAttributeView
{
    /// <summary>Creates an attribute view.</summary>
    public NetlinkAttributeView(ushort type, bool isNested, ReadOnlySpan<byte> value)
    {
        Type = type;
        IsNested = isNested;
        Value = value;
    }

    /// <summary>nla_type without NLA_F_NESTED / NLA_F_NET_BYTEORDER.</summary>
    public ushort Type { get; }

    /// <summary>True when the sender set NLA_F_NESTED (nf_tables nests are parsed by schema either way).</summary>
    public bool IsNested { get; }

    /// <summary>The payload, without padding.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>The payload as a 32-bit integer in the given byte order.</summary>
    public uint GetUInt32(NetlinkByteOrder order) => Value.Length < sizeof(uint)
        ? throw new NetlinkProtocolException($"Attribute {Type} has {Value.Length} byte(s), a u32 needs 4.")
        : order == NetlinkByteOrder.Network ? BinaryPrimitives.ReadUInt32BigEndian(Value) : BinaryPrimitives.ReadUInt32LittleEndian(Value);

    /// <summary>The payload as a 64-bit integer in the given byte order.</summary>
    public ulong GetUInt64(NetlinkByteOrder order) => Value.Length < sizeof(ulong)
        ? throw new NetlinkProtocolException($"Attribute {Type} has {Value.Length} byte(s), a u64 needs 8.")
        : order == NetlinkByteOrder.Network ? BinaryPrimitives.ReadUInt64BigEndian(Value) : BinaryPrimitives.ReadUInt64LittleEndian(Value);

    /// <summary>The payload as a string, without the terminating NUL.</summary>
    public string GetString()
    {
        var end = Value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? Value : Value[..end]);
    }

    /// <summary>The attributes nested in this one.</summary>
    public NetlinkAttributeReader GetNested() => new(Value);
}
