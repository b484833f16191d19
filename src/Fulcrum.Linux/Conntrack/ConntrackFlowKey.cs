namespace Fulcrum.Linux.Conntrack;

/// <summary>Identifies one flow in the event counter: CTA_ID plus a hash of the original tuple's bytes.</summary>
internal readonly record struct ConntrackFlowKey(uint Id, int OriginalTupleHash);
