namespace Fulcrum.Core.Vrrp;

/// <summary>Tracking says the fault is gone.</summary>
public sealed record VrrpFaultCleared : VrrpEvent;
