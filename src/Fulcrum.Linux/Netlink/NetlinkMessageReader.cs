using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Netlink;

/// <summary>Walks the netlink messages of one datagram (NLMSG_OK / NLMSG_NEXT), rejecting malformed lengths.</summary>
public ref struct NetlinkMessageReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _offset;

    /// <summary>Creates a reader over one received datagram.</summary>
    public NetlinkMessageReader(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _offset = 0;
    }

    /// <summary>Offset of the next message in the datagram.</summary>
    public readonly int Offset => _offset;

    /// <summary>Reads the next message; false at the end of the datagram.</summary>
    /// <exception cref="NetlinkProtocolException">A header is truncated or its length is impossible.</exception>
    public bool TryRead(out NetlinkMessage message)
    {
        var remaining = _datagram.Length - _offset;
        if (remaining <= 0)
        {
            message = default;
            return false;
        }

        if (remaining < nlmsghdr.Size)
        {
            throw new NetlinkProtocolException($"Truncated nlmsghdr: {remaining} byte(s) left at offset {_offset}.");
        }

        var header = nlmsghdr.Read(_datagram[_offset..]);
        if (header.nlmsg_len < nlmsghdr.Size || header.nlmsg_len > remaining)
        {
            throw new NetlinkProtocolException($"Invalid nlmsg_len {header.nlmsg_len} at offset {_offset} ({remaining} byte(s) left).");
        }

        message = new NetlinkMessage(
            header.nlmsg_type,
            (NetlinkMessageFlags)header.nlmsg_flags,
            header.nlmsg_seq,
            header.nlmsg_pid,
            _datagram.Slice(_offset + nlmsghdr.Size, (int)header.nlmsg_len - nlmsghdr.Size));
        _offset += Math.Min(remaining, NetlinkConstants.NLMSG_ALIGN((int)header.nlmsg_len));
        return true;
    }
}
