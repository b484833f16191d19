using System.Buffers.Binary;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// <c>nft add set|map FAMILY TABLE NAME { type ...; flags ...; }</c> (NFT_MSG_NEWSET).
/// <paramref name="SetId"/> (NFTA_SET_ID) names the set to later messages of the same batch.
/// </summary>
public sealed record NftAddSet(NftSet Set, uint SetId) : NftCommand(Set.Family)
{
    internal override void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags)
    {
        NftWire.BeginMessage(writer, NfTables.NFT_MSG_NEWSET, baseFlags | NetlinkMessageFlags.Create, Family);
        writer.WriteString(NfTables.NFTA_SET_TABLE, Set.Table);
        writer.WriteString(NfTables.NFTA_SET_NAME, Set.Name);
        NftWire.WriteU32(writer, NfTables.NFTA_SET_FLAGS, (uint)Set.Flags);
        NftWire.WriteU32(writer, NfTables.NFTA_SET_KEY_TYPE, Set.KeyType);
        NftWire.WriteU32(writer, NfTables.NFTA_SET_KEY_LEN, Set.KeyLength);
        if (Set.DataType is { } dataType)
        {
            NftWire.WriteU32(writer, NfTables.NFTA_SET_DATA_TYPE, dataType);
            NftWire.WriteU32(writer, NfTables.NFTA_SET_DATA_LEN, Set.DataLength);
        }

        if (Set.Timeout is { } timeout)
        {
            writer.WriteUInt64(NfTables.NFTA_SET_TIMEOUT, (ulong)timeout.TotalMilliseconds, NetlinkByteOrder.Network);
        }

        NftWire.WriteU32(writer, NfTables.NFTA_SET_ID, SetId);
        WriteDescription(writer);
        WriteUserData(writer);
        if (Set.CountElements)
        {
            var expression = writer.BeginNested(NfTables.NFTA_SET_EXPR);
            writer.WriteString(NfTables.NFTA_EXPR_NAME, "counter");
            writer.EndNested(writer.BeginNested(NfTables.NFTA_EXPR_DATA));
            writer.EndNested(expression);
        }

        writer.EndMessage();
    }

    private void WriteDescription(NetlinkMessageWriter writer)
    {
        if (Set.Size is null && Set.ConcatFieldLengths.Count == 0)
        {
            return;
        }

        var description = writer.BeginNested(NfTables.NFTA_SET_DESC);
        if (Set.Size is { } size)
        {
            NftWire.WriteU32(writer, NfTables.NFTA_SET_DESC_SIZE, size);
        }

        if (Set.ConcatFieldLengths.Count > 0)
        {
            var concat = writer.BeginNested(NfTables.NFTA_SET_DESC_CONCAT);
            foreach (var length in Set.ConcatFieldLengths)
            {
                var field = writer.BeginNested(NfTables.NFTA_LIST_ELEM);
                NftWire.WriteU32(writer, NfTables.NFTA_SET_FIELD_LEN, length);
                writer.EndNested(field);
            }

            writer.EndNested(concat);
        }

        writer.EndNested(description);
    }

    private void WriteUserData(NetlinkMessageWriter writer)
    {
        // nft's set user data is a run of { u8 type, u8 length, value } records (libnftnl udata);
        // byte orders are host-order u32s. Only nft reads it, to print keys and data.
        Span<byte> buffer = stackalloc byte[12];
        var length = 0;
        length += WriteByteOrder(buffer[length..], NfTables.NFTNL_UDATA_SET_KEYBYTEORDER, Set.KeyByteOrder);
        length += WriteByteOrder(buffer[length..], NfTables.NFTNL_UDATA_SET_DATABYTEORDER, Set.DataByteOrder);
        if (length > 0)
        {
            writer.WriteAttribute(NfTables.NFTA_SET_USERDATA, buffer[..length]);
        }
    }

    private static int WriteByteOrder(Span<byte> destination, byte type, NftByteOrder order)
    {
        if (order == NftByteOrder.Unspecified)
        {
            return 0;
        }

        destination[0] = type;
        destination[1] = sizeof(uint);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[2..], (uint)order);
        return 2 + sizeof(uint);
    }

    /// <inheritdoc />
    public override string ToString() => $"add set {Family.ToString().ToLowerInvariant()} {Set.Table} {Set.Name}";
}
