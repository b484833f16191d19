namespace Fulcrum.Core.Vrrp;

/// <summary>Tracking says the instance cannot serve (link down, failed check).</summary>
public sealed record VrrpFaultRaised : VrrpEvent;
