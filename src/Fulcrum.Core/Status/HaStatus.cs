namespace Fulcrum.Core.Status;

/// <summary>The node's VRRP sync group: its state (initialize, backup, master, fault) and every instance.</summary>
public sealed record HaStatus(string State, IReadOnlyList<VrrpInstanceStatus> Instances);
