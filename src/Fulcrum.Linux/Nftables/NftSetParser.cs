using System.Buffers.Binary;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.Nftables;

/// <summary>Reads NFT_MSG_NEWSET messages (GETSET dumps, and the writer's own output in tests).</summary>
internal static class NftSetParser
{
    public static NftSet Parse(in NetlinkMessage message)
    {
        var set = new NftSet(NftWire.ReadFamily(message), string.Empty, string.Empty, 0, 0);
        var reader = message.Attributes(nfgenmsg.Size);
        while (reader.TryRead(out var attribute))
        {
            set = attribute.Type switch
            {
                NfTables.NFTA_SET_TABLE => set with { Table = attribute.GetString() },
                NfTables.NFTA_SET_NAME => set with { Name = attribute.GetString() },
                NfTables.NFTA_SET_HANDLE => set with { Handle = NftWire.ReadU64(attribute) },
                NfTables.NFTA_SET_FLAGS => set with { Flags = (NftSetFlags)NftWire.ReadU32(attribute) },
                NfTables.NFTA_SET_KEY_TYPE => set with { KeyType = NftWire.ReadU32(attribute) },
                NfTables.NFTA_SET_KEY_LEN => set with { KeyLength = NftWire.ReadU32(attribute) },
                NfTables.NFTA_SET_DATA_TYPE => set with { DataType = NftWire.ReadU32(attribute) },
                NfTables.NFTA_SET_DATA_LEN => set with { DataLength = NftWire.ReadU32(attribute) },
                NfTables.NFTA_SET_TIMEOUT => set with { Timeout = TimeSpan.FromMilliseconds(NftWire.ReadU64(attribute)) },
                NfTables.NFTA_SET_DESC => ParseDescription(set, attribute.GetNested()),
                NfTables.NFTA_SET_USERDATA => ParseUserData(set, attribute.Value),
                NfTables.NFTA_SET_EXPR => set with { CountElements = NftExpressionParser.ParseOne(attribute.GetNested()) is CounterExpression },
                NfTables.NFTA_SET_EXPRESSIONS => set with { CountElements = NftExpressionParser.ParseList(attribute.GetNested()).Any(e => e is CounterExpression) },
                _ => set,
            };
        }

        return set;
    }

    private static NftSet ParseDescription(NftSet set, NetlinkAttributeReader description)
    {
        while (description.TryRead(out var attribute))
        {
            if (attribute.Type == NfTables.NFTA_SET_DESC_SIZE)
            {
                set = set with { Size = NftWire.ReadU32(attribute) };
            }
            else if (attribute.Type == NfTables.NFTA_SET_DESC_CONCAT)
            {
                var lengths = new List<uint>();
                var fields = attribute.GetNested();
                while (fields.TryRead(out var field))
                {
                    var inner = field.GetNested();
                    while (inner.TryRead(out var length))
                    {
                        if (length.Type == NfTables.NFTA_SET_FIELD_LEN)
                        {
                            lengths.Add(NftWire.ReadU32(length));
                        }
                    }
                }

                set = set with { ConcatFieldLengths = lengths };
            }
        }

        return set;
    }

    private static NftSet ParseUserData(NftSet set, ReadOnlySpan<byte> data)
    {
        // libnftnl udata records: u8 type, u8 length, value.
        while (data.Length >= 2 && data.Length >= 2 + data[1])
        {
            var type = data[0];
            var value = data.Slice(2, data[1]);
            if (value.Length == sizeof(uint) && type == NfTables.NFTNL_UDATA_SET_KEYBYTEORDER)
            {
                set = set with { KeyByteOrder = (NftByteOrder)BinaryPrimitives.ReadUInt32LittleEndian(value) };
            }
            else if (value.Length == sizeof(uint) && type == NfTables.NFTNL_UDATA_SET_DATABYTEORDER)
            {
                set = set with { DataByteOrder = (NftByteOrder)BinaryPrimitives.ReadUInt32LittleEndian(value) };
            }

            data = data[(2 + value.Length)..];
        }

        return set;
    }
}
