namespace Fulcrum.Linux.Conntrack;

/// <summary>What a connection-sync datagram carries (byte 4 of its header).</summary>
public enum ConntrackSyncKind : byte
{
    /// <summary>Flows that became established or ended (records follow).</summary>
    Flows = 1,

    /// <summary>The receiver asks for every established flow (sent by a node that starts as backup).</summary>
    ResyncRequest = 2,

    /// <summary>The last datagram of an answer to a resync request (records may follow).</summary>
    ResyncDone = 3,
}
