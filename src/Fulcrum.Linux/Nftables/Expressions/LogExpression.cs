using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>log prefix "..."</c>: a kernel log line (the kernel's default level, warning); with
/// <see cref="Group"/>, <c>log prefix "..." group N</c>: the packet to nflog group N (nfnetlink_log).
/// </summary>
public sealed record LogExpression(string Prefix) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "log";

    /// <summary>The nflog group (NFTA_LOG_GROUP); null for the kernel log.</summary>
    public ushort? Group { get; init; }

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        // libnftnl's order: prefix, group.
        writer.WriteString(NfTables.NFTA_LOG_PREFIX, Prefix);
        if (Group is { } group)
        {
            writer.WriteUInt16(NfTables.NFTA_LOG_GROUP, group, NetlinkByteOrder.Network);
        }
    }

    internal static LogExpression Parse(NetlinkAttributeReader data)
    {
        string prefix = string.Empty;
        ushort? group = null;
        while (data.TryRead(out var attribute))
        {
            if (attribute.Type == NfTables.NFTA_LOG_PREFIX)
            {
                prefix = attribute.GetString();
            }
            else if (attribute.Type == NfTables.NFTA_LOG_GROUP)
            {
                group = (ushort)(attribute.Value[0] << 8 | attribute.Value[1]);
            }
        }

        return new LogExpression(prefix) { Group = group };
    }
}
