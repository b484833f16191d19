using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables.Commands;

namespace Fulcrum.Linux.Nftables;

/// <summary>
/// Encodes an <see cref="NftBatch"/> as one datagram:
/// <code>
///  NFNL_MSG_BATCH_BEGIN (nfgenmsg res_id = NFNL_SUBSYS_NFTABLES)
///  NFT_MSG_NEW*/DEL* ... (REQUEST | ACK | CREATE/APPEND/REPLACE as the command needs)
///  NFNL_MSG_BATCH_END
/// </code>
/// The kernel (net/netfilter/nfnetlink.c, nfnetlink_rcv_batch) applies the messages in order and
/// commits only when every one succeeded. Without NFNL_MSG_BATCH_END it checks every message the
/// same way and then aborts (NFNL_ABORT_VALIDATE): <c>nft --check</c>, which changes nothing.
/// </summary>
internal static class NftBatchWriter
{
    /// <summary>Writes the batch; returns, for each message written, the command it came from (null for BEGIN/END).</summary>
    /// <param name="batch">The commands.</param>
    /// <param name="writer">Where the messages go.</param>
    /// <param name="commit">False leaves out NFNL_MSG_BATCH_END: the kernel checks the batch and applies nothing.</param>
    public static IReadOnlyList<NftCommand?> Write(NftBatch batch, NetlinkMessageWriter writer, bool commit = true)
    {
        var origins = new List<NftCommand?>();
        WriteBatchMarker(writer, NfNetlinkConstants.NFNL_MSG_BATCH_BEGIN);
        origins.Add(null);
        var flags = NetlinkMessageFlags.Request | (batch.AcknowledgeEach ? NetlinkMessageFlags.Ack : NetlinkMessageFlags.None);
        foreach (var command in batch.Commands)
        {
            var before = writer.Messages.Count;
            command.Write(writer, flags);
            for (var i = before; i < writer.Messages.Count; i++)
            {
                origins.Add(command);
            }
        }

        if (commit)
        {
            WriteBatchMarker(writer, NfNetlinkConstants.NFNL_MSG_BATCH_END);
            origins.Add(null);
        }

        return origins;
    }

    private static void WriteBatchMarker(NetlinkMessageWriter writer, ushort type)
    {
        writer.BeginMessage(type, NetlinkMessageFlags.Request);
        new nfgenmsg(0, nfgenmsg.NFNETLINK_V0, NfNetlinkConstants.NFNL_SUBSYS_NFTABLES).Write(writer.WriteFamilyHeader(nfgenmsg.Size));
        writer.EndMessage();
    }
}
