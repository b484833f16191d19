namespace Fulcrum.Core.Vrrp;

/// <summary>
/// One instance changed state: what notify commands receive and what a runtime API will stream.
/// <see cref="Sequence"/> numbers every transition of a node from 1, so consumers see gaps and order.
/// </summary>
public sealed record VrrpTransition(
    long Sequence,
    string Group,
    string Instance,
    VrrpState From,
    VrrpState To,
    VrrpTransitionReason Reason,
    byte Priority,
    DateTimeOffset At);
