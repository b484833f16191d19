namespace Fulcrum.Linux.Netlink;

/// <summary>
/// One message a <see cref="NetlinkMessageWriter"/> wrote: enough for the receive loop to know what
/// to wait for and to attribute an error (and its ext-ack offset) to the message that caused it.
/// </summary>
/// <param name="Sequence">nlmsg_seq.</param>
/// <param name="Type">nlmsg_type.</param>
/// <param name="Flags">nlmsg_flags.</param>
/// <param name="Offset">Where the message's nlmsghdr starts in the writer's buffer.</param>
/// <param name="Length">nlmsg_len.</param>
/// <param name="AttributesOffset">Where the attributes start, relative to the nlmsghdr.</param>
public readonly record struct NetlinkRequestMessage(
    uint Sequence,
    ushort Type,
    NetlinkMessageFlags Flags,
    int Offset,
    int Length,
    int AttributesOffset)
{
    /// <summary>True when the kernel answers this message with an ACK or an error.</summary>
    public bool ExpectsAcknowledgement => (Flags & NetlinkMessageFlags.Ack) != 0;

    /// <summary>True when the kernel answers this message with a multipart dump ended by NLMSG_DONE.</summary>
    public bool IsDump => (Flags & NetlinkMessageFlags.Dump) == NetlinkMessageFlags.Dump && (Flags & NetlinkMessageFlags.Request) != 0;
}
