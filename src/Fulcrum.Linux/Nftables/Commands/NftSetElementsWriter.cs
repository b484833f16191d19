using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// Writes NEWSETELEM / DELSETELEM messages. NFTA_SET_ELEM_LIST_ELEMENTS is one attribute whose
/// nla_len is 16 bits, so long element lists are split over several messages (as nft does).
/// </summary>
internal static class NftSetElementsWriter
{
    // Room for one more element of any realistic size (key, key end, data or a verdict with a
    // 256-byte chain name) while staying under the 65535-byte attribute limit.
    private const int SplitThreshold = 60_000;

    public static void Write(
        NetlinkMessageWriter writer,
        byte message,
        NetlinkMessageFlags flags,
        NftFamily family,
        string table,
        string set,
        uint? setId,
        IReadOnlyList<NftSetElement> elements,
        bool includeData)
    {
        var index = 0;
        do
        {
            NftWire.BeginMessage(writer, message, flags, family);
            writer.WriteString(NfTables.NFTA_SET_ELEM_LIST_TABLE, table);
            writer.WriteString(NfTables.NFTA_SET_ELEM_LIST_SET, set);
            if (setId is { } id)
            {
                NftWire.WriteU32(writer, NfTables.NFTA_SET_ELEM_LIST_SET_ID, id);
            }

            if (elements.Count > 0)
            {
                var list = writer.BeginNested(NfTables.NFTA_SET_ELEM_LIST_ELEMENTS);
                while (index < elements.Count && writer.Length - list.Offset < SplitThreshold)
                {
                    WriteElement(writer, elements[index++], includeData);
                }

                writer.EndNested(list);
            }

            writer.EndMessage();
        }
        while (index < elements.Count);
    }

    private static void WriteElement(NetlinkMessageWriter writer, NftSetElement element, bool includeData)
    {
        var nest = writer.BeginNested(NfTables.NFTA_LIST_ELEM);
        NftWire.WriteData(writer, NfTables.NFTA_SET_ELEM_KEY, element.Key);
        if (element.KeyEnd is { } keyEnd)
        {
            NftWire.WriteData(writer, NfTables.NFTA_SET_ELEM_KEY_END, keyEnd);
        }

        if (includeData && element.Verdict is { } verdict)
        {
            NftWire.WriteVerdict(writer, NfTables.NFTA_SET_ELEM_DATA, verdict);
        }
        else if (includeData && element.Data is { } data)
        {
            NftWire.WriteData(writer, NfTables.NFTA_SET_ELEM_DATA, data);
        }

        if (element.IsIntervalEnd)
        {
            NftWire.WriteU32(writer, NfTables.NFTA_SET_ELEM_FLAGS, NfTables.NFT_SET_ELEM_INTERVAL_END);
        }

        if (includeData && element.Timeout is { } timeout)
        {
            writer.WriteUInt64(NfTables.NFTA_SET_ELEM_TIMEOUT, (ulong)timeout.TotalMilliseconds, NetlinkByteOrder.Network);
        }

        writer.EndNested(nest);
    }
}
