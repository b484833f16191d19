namespace Fulcrum.Linux.Conntrack;

/// <summary>One flow in a connection-sync datagram.</summary>
/// <param name="Operation">Create or delete.</param>
/// <param name="Entry">
/// The flow as the sender's conntrack holds it: original tuple client → VIP, reply tuple server →
/// client (the DNAT target), mark, timeout, TCP state; Id 0 (ids are per node).
/// </param>
public sealed record ConntrackSyncRecord(ConntrackSyncOperation Operation, ConntrackEntry Entry);
