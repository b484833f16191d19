namespace Fulcrum.Linux.Conntrack;

/// <summary>One conntrack event as <c>conntrack -E</c> shows it.</summary>
/// <param name="Kind">A new or changed entry, or a destroyed one.</param>
/// <param name="Entry">The entry (a DESTROY carries no timeout or TCP state).</param>
/// <param name="CausedBy">
/// The netlink port id of the socket whose request caused the event (nlmsg_pid), 0 when the
/// kernel's own packet path did: an event a ctnetlink client caused names that client.
/// </param>
public readonly record struct ConntrackEvent(ConntrackEventKind Kind, ConntrackEntry Entry, uint CausedBy);
