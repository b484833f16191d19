namespace Fulcrum.Linux.Netlink;

/// <summary>One received netlink message: its header fields and payload (family header + attributes).</summary>
public readonly ref struct NetlinkMessage
{
    /// <summary>Creates a message view.</summary>
    public NetlinkMessage(ushort type, NetlinkMessageFlags flags, uint sequence, uint portId, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        PortId = portId;
        Payload = payload;
    }

    /// <summary>nlmsg_type.</summary>
    public ushort Type { get; }

    /// <summary>nlmsg_flags.</summary>
    public NetlinkMessageFlags Flags { get; }

    /// <summary>nlmsg_seq.</summary>
    public uint Sequence { get; }

    /// <summary>nlmsg_pid: the port id the message is addressed to (ours, for replies).</summary>
    public uint PortId { get; }

    /// <summary>Everything after the nlmsghdr.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Reads the attributes that follow a family header of <paramref name="familyHeaderSize"/> bytes.</summary>
    public NetlinkAttributeReader Attributes(int familyHeaderSize) =>
        new(Payload[Math.Min(Payload.Length, Interop.NetlinkConstants.NLMSG_ALIGN(familyHeaderSize))..]);
}
