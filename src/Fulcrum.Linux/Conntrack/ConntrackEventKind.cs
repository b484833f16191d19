namespace Fulcrum.Linux.Conntrack;

/// <summary>What a conntrack event reports.</summary>
public enum ConntrackEventKind
{
    /// <summary>A new entry or a change of one (IPCTNL_MSG_CT_NEW: NFNLGRP_CONNTRACK_NEW or _UPDATE).</summary>
    Changed,

    /// <summary>An entry went away (IPCTNL_MSG_CT_DELETE: NFNLGRP_CONNTRACK_DESTROY).</summary>
    Destroyed,
}
