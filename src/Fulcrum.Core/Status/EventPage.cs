namespace Fulcrum.Core.Status;

/// <summary>An answer of <c>GET /v1/events</c>: the events after the asked sequence number, and the number to ask after next.</summary>
public sealed record EventPage(IReadOnlyList<RuntimeEvent> Events, long Next);
