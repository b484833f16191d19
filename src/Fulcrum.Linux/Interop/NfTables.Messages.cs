namespace Fulcrum.Linux.Interop;

/// <summary>nf_tables constants, verbatim from include/uapi/linux/netfilter/nf_tables.h.</summary>
internal static partial class NfTables
{
    // enum nf_tables_msg_types
    public const byte NFT_MSG_NEWTABLE = 0;
    public const byte NFT_MSG_GETTABLE = 1;
    public const byte NFT_MSG_DELTABLE = 2;
    public const byte NFT_MSG_NEWCHAIN = 3;
    public const byte NFT_MSG_GETCHAIN = 4;
    public const byte NFT_MSG_DELCHAIN = 5;
    public const byte NFT_MSG_NEWRULE = 6;
    public const byte NFT_MSG_GETRULE = 7;
    public const byte NFT_MSG_DELRULE = 8;
    public const byte NFT_MSG_NEWSET = 9;
    public const byte NFT_MSG_GETSET = 10;
    public const byte NFT_MSG_DELSET = 11;
    public const byte NFT_MSG_NEWSETELEM = 12;
    public const byte NFT_MSG_GETSETELEM = 13;
    public const byte NFT_MSG_DELSETELEM = 14;
    public const byte NFT_MSG_NEWGEN = 15;
    public const byte NFT_MSG_GETGEN = 16;
    public const byte NFT_MSG_DESTROYSETELEM = 30;

    /// <summary>The kernel's name of a message type, for error messages.</summary>
    public static string MessageName(byte message) => message switch
    {
        NFT_MSG_NEWTABLE => nameof(NFT_MSG_NEWTABLE),
        NFT_MSG_GETTABLE => nameof(NFT_MSG_GETTABLE),
        NFT_MSG_DELTABLE => nameof(NFT_MSG_DELTABLE),
        NFT_MSG_NEWCHAIN => nameof(NFT_MSG_NEWCHAIN),
        NFT_MSG_GETCHAIN => nameof(NFT_MSG_GETCHAIN),
        NFT_MSG_DELCHAIN => nameof(NFT_MSG_DELCHAIN),
        NFT_MSG_NEWRULE => nameof(NFT_MSG_NEWRULE),
        NFT_MSG_GETRULE => nameof(NFT_MSG_GETRULE),
        NFT_MSG_DELRULE => nameof(NFT_MSG_DELRULE),
        NFT_MSG_NEWSET => nameof(NFT_MSG_NEWSET),
        NFT_MSG_GETSET => nameof(NFT_MSG_GETSET),
        NFT_MSG_DELSET => nameof(NFT_MSG_DELSET),
        NFT_MSG_NEWSETELEM => nameof(NFT_MSG_NEWSETELEM),
        NFT_MSG_GETSETELEM => nameof(NFT_MSG_GETSETELEM),
        NFT_MSG_DELSETELEM => nameof(NFT_MSG_DELSETELEM),
        NFT_MSG_NEWGEN => nameof(NFT_MSG_NEWGEN),
        NFT_MSG_GETGEN => nameof(NFT_MSG_GETGEN),
        NFT_MSG_DESTROYSETELEM => nameof(NFT_MSG_DESTROYSETELEM),
        _ => "NFT_MSG_" + message.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
