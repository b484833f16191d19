namespace Fulcrum.Linux.Netlink;

/// <summary>
/// <c>nlmsg_flags</c> of requests (include/uapi/linux/netlink.h). The GET modifiers
/// (ROOT/MATCH/ATOMIC) and the NEW modifiers (REPLACE/EXCL) share bits; only the combinations a
/// request actually uses are named here.
/// </summary>
[Flags]
public enum NetlinkMessageFlags : ushort
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>NLM_F_REQUEST: a request (set on everything user space sends).</summary>
    Request = 0x01,

    /// <summary>NLM_F_MULTI: part of a multipart reply ended by NLMSG_DONE.</summary>
    Multi = 0x02,

    /// <summary>NLM_F_ACK: reply with an NLMSG_ERROR carrying 0 on success.</summary>
    Ack = 0x04,

    /// <summary>NLM_F_ECHO: echo the resulting notification to the sender.</summary>
    Echo = 0x08,

    /// <summary>NLM_F_DUMP_INTR: the object set changed during the dump; it is inconsistent.</summary>
    DumpInterrupted = 0x10,

    /// <summary>NLM_F_REPLACE: replace the existing object (NEW requests).</summary>
    Replace = 0x100,

    /// <summary>NLM_F_EXCL: fail with EEXIST when the object exists (NEW requests).</summary>
    Exclusive = 0x200,

    /// <summary>NLM_F_CREATE: create the object when it does not exist (NEW requests).</summary>
    Create = 0x400,

    /// <summary>NLM_F_APPEND: add to the end of the list (rules).</summary>
    Append = 0x800,

    /// <summary>NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH: dump every matching object (GET requests).</summary>
    Dump = 0x300,
}
