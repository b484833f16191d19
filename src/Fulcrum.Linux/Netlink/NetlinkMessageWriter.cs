using System.Buffers.Binary;
using System.Text;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Netlink;

/// <summary>
/// Writes netlink messages into one growable buffer (span-based, no per-attribute allocation):
/// nlmsghdr in host order, a family header, then attributes each padded with NLA_ALIGN; nests
/// are opened and closed and their lengths patched when closed. Integer writes take an explicit
/// <see cref="NetlinkByteOrder"/>. Several messages may be written back to back (a batch); each
/// gets the next sequence number and is recorded in <see cref="Messages"/>.
/// </summary>
public sealed class NetlinkMessageWriter
{
    private byte[] _buffer;
    private int _length;
    private int _messageStart = -1;
    private int _attributesOffset;
    private uint _messageSequence;
    private ushort _messageType;
    private NetlinkMessageFlags _messageFlags;
    private readonly List<NetlinkRequestMessage> _messages = [];

    /// <summary>Creates a writer whose first message gets <paramref name="firstSequence"/>.</summary>
    public NetlinkMessageWriter(uint firstSequence = 1, int initialCapacity = 4096)
    {
        _buffer = new byte[Math.Max(initialCapacity, nlmsghdr.Size)];
        NextSequence = firstSequence;
    }

    /// <summary>The sequence number the next <see cref="BeginMessage(ushort, NetlinkMessageFlags)"/> uses.</summary>
    public uint NextSequence { get; private set; }

    /// <summary>Bytes written so far (complete messages plus any open one).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The completed messages, in order.</summary>
    public IReadOnlyList<NetlinkRequestMessage> Messages => _messages;

    /// <summary>Starts a message with the next sequence number and port id 0 (the kernel assigns ours).</summary>
    public uint BeginMessage(ushort type, NetlinkMessageFlags flags)
    {
        var sequence = NextSequence++;
        BeginMessage(type, flags, sequence, portId: 0);
        return sequence;
    }

    /// <summary>Starts a message with explicit sequence and port id (replies in fakes, tests).</summary>
    public void BeginMessage(ushort type, NetlinkMessageFlags flags, uint sequence, uint portId)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("The previous message has not been ended.");
        }

        _messageStart = _length;
        _messageSequence = sequence;
        _messageType = type;
        _messageFlags = flags;
        var header = Reserve(nlmsghdr.Size);
        new nlmsghdr(0, type, (ushort)flags, sequence, portId).Write(header);
        _attributesOffset = nlmsghdr.Size;
    }

    /// <summary>Reserves a zeroed, aligned family header (e.g. <c>nfgenmsg</c>) right after the nlmsghdr.</summary>
    public Span<byte> WriteFamilyHeader(int size)
    {
        EnsureInMessage();
        var span = Reserve(NetlinkConstants.NLMSG_ALIGN(size));
        _attributesOffset = _length - _messageStart;
        return span[..size];
    }

    /// <summary>Writes raw bytes into the open message (e.g. a payload that is not attributes).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        EnsureInMessage();
        bytes.CopyTo(Reserve(nlattr.NLA_ALIGN(bytes.Length)));
    }

    /// <summary>Ends the open message: patches nlmsg_len and records it in <see cref="Messages"/>.</summary>
    public NetlinkRequestMessage EndMessage()
    {
        EnsureInMessage();
        var length = _length - _messageStart;
        nlmsghdr.WriteLength(_buffer.AsSpan(_messageStart), (uint)length);
        var message = new NetlinkRequestMessage(_messageSequence, _messageType, _messageFlags, _messageStart, length, _attributesOffset);
        _messages.Add(message);
        _messageStart = -1;
        return message;
    }

    /// <summary>Writes an attribute with an opaque payload.</summary>
    public void WriteAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        var span = BeginAttribute(type, value.Length);
        value.CopyTo(span);
    }

    /// <summary>Writes a NUL-terminated string attribute (NLA_STRING / NLA_NUL_STRING).</summary>
    public void WriteString(ushort type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var span = BeginAttribute(type, byteCount + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[byteCount] = 0;
    }

    /// <summary>Writes a one-byte attribute (byte order does not apply).</summary>
    public void WriteUInt8(ushort type, byte value) => BeginAttribute(type, 1)[0] = value;

    /// <summary>Writes a 16-bit attribute in the given byte order.</summary>
    public void WriteUInt16(ushort type, ushort value, NetlinkByteOrder order)
    {
        var span = BeginAttribute(type, sizeof(ushort));
        if (order == NetlinkByteOrder.Network)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        }
    }

    /// <summary>Writes a 32-bit attribute in the given byte order.</summary>
    public void WriteUInt32(ushort type, uint value, NetlinkByteOrder order)
    {
        var span = BeginAttribute(type, sizeof(uint));
        if (order == NetlinkByteOrder.Network)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
    }

    /// <summary>Writes a 64-bit attribute in the given byte order.</summary>
    public void WriteUInt64(ushort type, ulong value, NetlinkByteOrder order)
    {
        var span = BeginAttribute(type, sizeof(ulong));
        if (order == NetlinkByteOrder.Network)
        {
            BinaryPrimitives.WriteUInt64BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        }
    }

    /// <summary>Opens a nested attribute (NLA_F_NESTED set, as libmnl does); close it with <see cref="EndNested"/>.</summary>
    public NetlinkNest BeginNested(ushort type)
    {
        EnsureInMessage();
        var offset = _length;
        new nlattr(0, (ushort)(type | nlattr.NLA_F_NESTED)).Write(Reserve(nlattr.NLA_HDRLEN));
        return new NetlinkNest(offset);
    }

    /// <summary>Closes a nested attribute by patching its nla_len.</summary>
    public void EndNested(NetlinkNest nest)
    {
        EnsureInMessage();
        var length = _length - nest.Offset;
        if (nest.Offset < _messageStart || length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"Nested attribute at {nest.Offset} is not in the open message or exceeds 65535 bytes.");
        }

        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(nest.Offset), (ushort)length);
    }

    /// <summary>Forgets everything written; the sequence counter continues.</summary>
    public void Clear()
    {
        _length = 0;
        _messageStart = -1;
        _messages.Clear();
    }

    private Span<byte> BeginAttribute(ushort type, int payloadLength)
    {
        EnsureInMessage();
        var total = nlattr.NLA_HDRLEN + payloadLength;
        if (total > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "An attribute holds at most 65531 bytes.");
        }

        var span = Reserve(nlattr.NLA_ALIGN(total));
        new nlattr((ushort)total, type).Write(span);
        return span.Slice(nlattr.NLA_HDRLEN, payloadLength);
    }

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
        }

        var span = _buffer.AsSpan(_length, size);
        span.Clear();
        _length += size;
        return span;
    }

    private void EnsureInMessage()
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("No message is open: call BeginMessage first.");
        }
    }
}
