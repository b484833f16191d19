namespace Fulcrum.Core.Status;

/// <summary>
/// One entry of the daemon's event ring (<c>GET /v1/events</c>): a sequence number that only grows,
/// when, what kind (vrrp_transition, server_health, service_health, dataplane_apply, dataplane_error,
/// reload, admin_write, firewall_apply), a one-line message and structured fields.
/// </summary>
public sealed record RuntimeEvent(long Seq, DateTimeOffset At, string Kind, string Message, IReadOnlyDictionary<string, string> Fields);
