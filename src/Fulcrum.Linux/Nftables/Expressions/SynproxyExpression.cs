using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary>
/// <c>synproxy mss 1460 wscale 7 timestamp sack-perm</c>: answers a SYN with a SYN cookie, and on the
/// client's valid ACK opens the connection to the destination itself (nf_synproxy). The packet is
/// consumed (or dropped when its cookie is wrong). Only in the input and forward hooks.
/// </summary>
public sealed record SynproxyExpression(ushort Mss, byte Wscale, bool Timestamp, bool SackPermitted) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "synproxy";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        uint flags = NfTables.NF_SYNPROXY_OPT_MSS | NfTables.NF_SYNPROXY_OPT_WSCALE
            | (Timestamp ? NfTables.NF_SYNPROXY_OPT_TIMESTAMP : 0)
            | (SackPermitted ? NfTables.NF_SYNPROXY_OPT_SACK_PERM : 0);
        writer.WriteUInt16(NfTables.NFTA_SYNPROXY_MSS, Mss, NetlinkByteOrder.Network);
        writer.WriteUInt8(NfTables.NFTA_SYNPROXY_WSCALE, Wscale);
        NftWire.WriteU32(writer, NfTables.NFTA_SYNPROXY_FLAGS, flags);
    }
}
