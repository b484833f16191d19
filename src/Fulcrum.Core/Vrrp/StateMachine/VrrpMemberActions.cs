namespace Fulcrum.Core.Vrrp;

/// <summary>Actions a <see cref="VrrpSyncGroup"/> produced for one member, to carry out in order.</summary>
public sealed record VrrpMemberActions(VrrpInstance Instance, IReadOnlyList<VrrpAction> Actions);
