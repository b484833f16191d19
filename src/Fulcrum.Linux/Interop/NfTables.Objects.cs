namespace Fulcrum.Linux.Interop;

internal static partial class NfTables
{
    // enum nft_list_attributes
    public const ushort NFTA_LIST_ELEM = 1;

    // enum nft_table_attributes
    public const ushort NFTA_TABLE_NAME = 1;
    public const ushort NFTA_TABLE_FLAGS = 2;
    public const ushort NFTA_TABLE_USE = 3;
    public const ushort NFTA_TABLE_HANDLE = 4;

    // enum nft_table_flags
    public const uint NFT_TABLE_F_DORMANT = 0x1;

    // enum nft_chain_attributes
    public const ushort NFTA_CHAIN_TABLE = 1;
    public const ushort NFTA_CHAIN_HANDLE = 2;
    public const ushort NFTA_CHAIN_NAME = 3;
    public const ushort NFTA_CHAIN_HOOK = 4;
    public const ushort NFTA_CHAIN_POLICY = 5;
    public const ushort NFTA_CHAIN_USE = 6;
    public const ushort NFTA_CHAIN_TYPE = 7;
    public const ushort NFTA_CHAIN_FLAGS = 10;

    // enum nft_hook_attributes
    public const ushort NFTA_HOOK_HOOKNUM = 1;
    public const ushort NFTA_HOOK_PRIORITY = 2;

    // enum nft_rule_attributes
    public const ushort NFTA_RULE_TABLE = 1;
    public const ushort NFTA_RULE_CHAIN = 2;
    public const ushort NFTA_RULE_HANDLE = 3;
    public const ushort NFTA_RULE_EXPRESSIONS = 4;
    public const ushort NFTA_RULE_POSITION = 6;
    public const ushort NFTA_RULE_USERDATA = 7;

    // libnftnl include/libnftnl/udata.h (enum nftnl_udata_rule_types): the TLV nft reads as a rule comment.
    public const byte NFTNL_UDATA_RULE_COMMENT = 0;

    // NFT_USERDATA_MAXLEN (include/net/netfilter/nf_tables.h): the kernel's limit on user data.
    public const int NFT_USERDATA_MAXLEN = 256;

    // enum nft_expr_attributes
    public const ushort NFTA_EXPR_NAME = 1;
    public const ushort NFTA_EXPR_DATA = 2;

    // enum nft_data_attributes
    public const ushort NFTA_DATA_VALUE = 1;
    public const ushort NFTA_DATA_VERDICT = 2;

    // enum nft_verdict_attributes
    public const ushort NFTA_VERDICT_CODE = 1;
    public const ushort NFTA_VERDICT_CHAIN = 2;

    // enum nft_data_types
    public const uint NFT_DATA_VALUE = 0;
    public const uint NFT_DATA_VERDICT = 0xffffff00;

    // enum nft_registers
    public const uint NFT_REG_VERDICT = 0;
}
