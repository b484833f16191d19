namespace Fulcrum.Core.Vrrp;

/// <summary>The instance is started (RFC 5798 §6.4.1 Startup event).</summary>
public sealed record VrrpStartup : VrrpEvent;
