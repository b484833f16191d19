using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables;

/// <summary>Encodings shared by every nf_tables message: nfgenmsg, nft_data values and verdicts, u32 attributes.</summary>
internal static class NftWire
{
    /// <summary>Starts an nf_tables message: nlmsghdr with NFNL_SUBSYS_NFTABLES, then nfgenmsg.</summary>
    public static uint BeginMessage(NetlinkMessageWriter writer, byte message, NetlinkMessageFlags flags, NftFamily family)
    {
        var sequence = writer.BeginMessage(NfNetlinkConstants.NfTablesType(message), flags);
        new nfgenmsg((byte)family, nfgenmsg.NFNETLINK_V0, 0).Write(writer.WriteFamilyHeader(nfgenmsg.Size));
        return sequence;
    }

    /// <summary>nf_tables integers are big-endian on the wire (the kernel reads them with ntohl).</summary>
    public static void WriteU32(NetlinkMessageWriter writer, ushort type, uint value) =>
        writer.WriteUInt32(type, value, NetlinkByteOrder.Network);

    public static void WriteRegister(NetlinkMessageWriter writer, ushort type, NftRegister register) =>
        WriteU32(writer, type, (uint)register);

    /// <summary>A nested nft_data value: <c>{ NFTA_DATA_VALUE: bytes }</c>.</summary>
    public static void WriteData(NetlinkMessageWriter writer, ushort type, NftData data)
    {
        var nest = writer.BeginNested(type);
        writer.WriteAttribute(NfTables.NFTA_DATA_VALUE, data.Span);
        writer.EndNested(nest);
    }

    /// <summary>A nested nft_data verdict: <c>{ NFTA_DATA_VERDICT: { NFTA_VERDICT_CODE, [NFTA_VERDICT_CHAIN] } }</c>.</summary>
    public static void WriteVerdict(NetlinkMessageWriter writer, ushort type, NftVerdict verdict)
    {
        var data = writer.BeginNested(type);
        var nest = writer.BeginNested(NfTables.NFTA_DATA_VERDICT);
        WriteU32(writer, NfTables.NFTA_VERDICT_CODE, unchecked((uint)(int)verdict.Code));
        if (verdict.Chain is not null)
        {
            writer.WriteString(NfTables.NFTA_VERDICT_CHAIN, verdict.Chain);
        }

        writer.EndNested(nest);
        writer.EndNested(data);
    }

    public static uint ReadU32(in NetlinkAttributeView attribute) => attribute.GetUInt32(NetlinkByteOrder.Network);

    public static ulong ReadU64(in NetlinkAttributeView attribute) => attribute.GetUInt64(NetlinkByteOrder.Network);

    public static NftRegister ReadRegister(in NetlinkAttributeView attribute) => (NftRegister)ReadU32(attribute);

    /// <summary>Reads a nested nft_data that holds a value; null when it holds a verdict.</summary>
    public static NftData? ReadData(in NetlinkAttributeView attribute)
    {
        var reader = attribute.GetNested();
        while (reader.TryRead(out var inner))
        {
            if (inner.Type == NfTables.NFTA_DATA_VALUE)
            {
                return new NftData(inner.Value);
            }
        }

        return null;
    }

    /// <summary>Reads a nested nft_data that holds a verdict; null when it holds a value.</summary>
    public static NftVerdict? ReadVerdict(in NetlinkAttributeView attribute)
    {
        var reader = attribute.GetNested();
        while (reader.TryRead(out var inner))
        {
            if (inner.Type != NfTables.NFTA_DATA_VERDICT)
            {
                continue;
            }

            var code = NftVerdictCode.Continue;
            string? chain = null;
            var fields = inner.GetNested();
            while (fields.TryRead(out var field))
            {
                switch (field.Type)
                {
                    case NfTables.NFTA_VERDICT_CODE:
                        code = (NftVerdictCode)unchecked((int)ReadU32(field));
                        break;
                    case NfTables.NFTA_VERDICT_CHAIN:
                        chain = field.GetString();
                        break;
                    default:
                        break;
                }
            }

            return new NftVerdict(code, chain);
        }

        return null;
    }

    /// <summary>Reads the nfgenmsg family of a received nf_tables message.</summary>
    public static NftFamily ReadFamily(in NetlinkMessage message) =>
        message.Payload.Length >= nfgenmsg.Size
            ? (NftFamily)nfgenmsg.Read(message.Payload).nfgen_family
            : throw new NetlinkProtocolException($"nf_tables message of {message.Payload.Length} byte(s) has no nfgenmsg.");
}
