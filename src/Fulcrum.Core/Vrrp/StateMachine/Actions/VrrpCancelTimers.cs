namespace Fulcrum.Core.Vrrp;

/// <summary>Stop the armed timer, whichever it is.</summary>
public sealed record VrrpCancelTimers : VrrpAction;
