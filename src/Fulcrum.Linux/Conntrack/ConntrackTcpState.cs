namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// The TCP state conntrack tracks (<c>enum tcp_conntrack</c>,
/// include/uapi/linux/netfilter/nf_conntrack_tcp.h), as <c>conntrack -L</c> prints it.
/// </summary>
public enum ConntrackTcpState : byte
{
    /// <summary>TCP_CONNTRACK_NONE.</summary>
    None = 0,

    /// <summary>TCP_CONNTRACK_SYN_SENT.</summary>
    SynSent = 1,

    /// <summary>TCP_CONNTRACK_SYN_RECV.</summary>
    SynReceived = 2,

    /// <summary>TCP_CONNTRACK_ESTABLISHED.</summary>
    Established = 3,

    /// <summary>TCP_CONNTRACK_FIN_WAIT.</summary>
    FinWait = 4,

    /// <summary>TCP_CONNTRACK_CLOSE_WAIT.</summary>
    CloseWait = 5,

    /// <summary>TCP_CONNTRACK_LAST_ACK.</summary>
    LastAck = 6,

    /// <summary>TCP_CONNTRACK_TIME_WAIT.</summary>
    TimeWait = 7,

    /// <summary>TCP_CONNTRACK_CLOSE.</summary>
    Close = 8,

    /// <summary>TCP_CONNTRACK_SYN_SENT2 (simultaneous open; TCP_CONNTRACK_LISTEN in old headers).</summary>
    SynSent2 = 9,
}
