namespace Fulcrum.Core.Vrrp;

/// <summary>The instance is stopped (RFC 5798 §6.4.2–6.4.3 Shutdown event).</summary>
public sealed record VrrpShutdown : VrrpEvent;
