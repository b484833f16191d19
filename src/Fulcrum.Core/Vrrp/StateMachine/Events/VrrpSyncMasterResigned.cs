namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Sent only by <see cref="VrrpSyncGroup"/>: another member heard its master resign (a priority-0
/// advert). The master of a sync group resigns on every link it still reaches, so this member's
/// master — the same node — is leaving too, even when its advert cannot reach this link.
/// </summary>
internal sealed record VrrpSyncMasterResigned : VrrpEvent;
