namespace Fulcrum.Linux.Conntrack;

/// <summary>What to do with one synchronised flow (byte 0 of a record).</summary>
public enum ConntrackSyncOperation : byte
{
    /// <summary>The flow is established on the sender: create its entry.</summary>
    Established = 1,

    /// <summary>The flow's entry went away on the sender: delete it.</summary>
    Ended = 2,
}
