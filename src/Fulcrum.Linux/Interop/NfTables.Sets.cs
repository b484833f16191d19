namespace Fulcrum.Linux.Interop;

internal static partial class NfTables
{
    // enum nft_set_attributes
    public const ushort NFTA_SET_TABLE = 1;
    public const ushort NFTA_SET_NAME = 2;
    public const ushort NFTA_SET_FLAGS = 3;
    public const ushort NFTA_SET_KEY_TYPE = 4;
    public const ushort NFTA_SET_KEY_LEN = 5;
    public const ushort NFTA_SET_DATA_TYPE = 6;
    public const ushort NFTA_SET_DATA_LEN = 7;
    public const ushort NFTA_SET_POLICY = 8;
    public const ushort NFTA_SET_DESC = 9;
    public const ushort NFTA_SET_ID = 10;
    public const ushort NFTA_SET_TIMEOUT = 11;
    public const ushort NFTA_SET_GC_INTERVAL = 12;
    public const ushort NFTA_SET_USERDATA = 13;
    public const ushort NFTA_SET_HANDLE = 16;
    public const ushort NFTA_SET_EXPR = 17;
    public const ushort NFTA_SET_EXPRESSIONS = 18;

    // enum nft_set_desc_attributes
    public const ushort NFTA_SET_DESC_SIZE = 1;
    public const ushort NFTA_SET_DESC_CONCAT = 2;

    // enum nft_set_field_attributes
    public const ushort NFTA_SET_FIELD_LEN = 1;

    // enum nft_set_elem_list_attributes
    public const ushort NFTA_SET_ELEM_LIST_TABLE = 1;
    public const ushort NFTA_SET_ELEM_LIST_SET = 2;
    public const ushort NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    public const ushort NFTA_SET_ELEM_LIST_SET_ID = 4;

    // enum nft_set_elem_attributes
    public const ushort NFTA_SET_ELEM_KEY = 1;
    public const ushort NFTA_SET_ELEM_DATA = 2;
    public const ushort NFTA_SET_ELEM_FLAGS = 3;
    public const ushort NFTA_SET_ELEM_TIMEOUT = 4;
    public const ushort NFTA_SET_ELEM_EXPIRATION = 5;
    public const ushort NFTA_SET_ELEM_EXPR = 7;
    public const ushort NFTA_SET_ELEM_KEY_END = 10;
    public const ushort NFTA_SET_ELEM_EXPRESSIONS = 11;

    // enum nft_set_elem_flags
    public const uint NFT_SET_ELEM_INTERVAL_END = 0x1;

    // nftables: include/nftables/libnftnl/udata.h (enum nftnl_udata_set_types) and
    // nftables: include/expression.h (enum byteorder): the set user data nft reads to print keys.
    public const byte NFTNL_UDATA_SET_KEYBYTEORDER = 0;
    public const byte NFTNL_UDATA_SET_DATABYTEORDER = 1;
    public const uint BYTEORDER_HOST_ENDIAN = 1;
    public const uint BYTEORDER_BIG_ENDIAN = 2;
}
