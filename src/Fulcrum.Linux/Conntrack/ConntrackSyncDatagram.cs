namespace Fulcrum.Linux.Conntrack;

/// <summary>A decoded connection-sync datagram.</summary>
/// <param name="Kind">What it carries.</param>
/// <param name="Sequence">The sender's datagram counter (one more per datagram; a gap means datagrams were lost).</param>
/// <param name="Records">The flows.</param>
public sealed record ConntrackSyncDatagram(ConntrackSyncKind Kind, uint Sequence, IReadOnlyList<ConntrackSyncRecord> Records);
