namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// A conntrack entry's status bits (<c>enum ip_conntrack_status</c>,
/// include/uapi/linux/netfilter/nf_conntrack_common.h); <c>conntrack -L</c> prints some of them
/// as [ASSURED], [UNREPLIED] (the absence of <see cref="SeenReply"/>).
/// </summary>
[Flags]
public enum ConntrackStatus : uint
{
    /// <summary>No bit set.</summary>
    None = 0,

    /// <summary>IPS_EXPECTED: an expected connection (FTP data and the like).</summary>
    Expected = 1 << 0,

    /// <summary>IPS_SEEN_REPLY: packets went both ways.</summary>
    SeenReply = 1 << 1,

    /// <summary>IPS_ASSURED: the kernel will not early-drop the entry when the table is full.</summary>
    Assured = 1 << 2,

    /// <summary>IPS_CONFIRMED: the entry is in the table (its first packet left the stack).</summary>
    Confirmed = 1 << 3,

    /// <summary>IPS_SRC_NAT: the source is rewritten (masquerade, snat).</summary>
    SourceNat = 1 << 4,

    /// <summary>IPS_DST_NAT: the destination is rewritten (dnat: a balanced flow).</summary>
    DestinationNat = 1 << 5,

    /// <summary>IPS_SEQ_ADJUST: sequence numbers are adjusted (helpers, synproxy).</summary>
    SequenceAdjust = 1 << 6,

    /// <summary>IPS_SRC_NAT_DONE: source NAT has been set up.</summary>
    SourceNatDone = 1 << 7,

    /// <summary>IPS_DST_NAT_DONE: destination NAT has been set up.</summary>
    DestinationNatDone = 1 << 8,

    /// <summary>IPS_DYING: the entry is being destroyed.</summary>
    Dying = 1 << 9,

    /// <summary>IPS_FIXED_TIMEOUT: the timeout does not change with the protocol state.</summary>
    FixedTimeout = 1 << 10,

    /// <summary>IPS_TEMPLATE: a template, never a real connection.</summary>
    Template = 1 << 11,

    /// <summary>IPS_UNTRACKED (also IPS_NAT_CLASH on entries that lost a NAT clash).</summary>
    Untracked = 1 << 12,

    /// <summary>IPS_HELPER: a helper was assigned explicitly.</summary>
    Helper = 1 << 13,

    /// <summary>IPS_OFFLOAD: the flow is in a flowtable (no timeout or protocol info is dumped).</summary>
    Offload = 1 << 14,

    /// <summary>IPS_HW_OFFLOAD: the flow is offloaded to hardware.</summary>
    HardwareOffload = 1 << 15,
}
