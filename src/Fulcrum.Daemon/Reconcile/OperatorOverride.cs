namespace Fulcrum.Daemon.Reconcile;

/// <summary>An operator's override of one real server of one service: drained, or a fixed weight.</summary>
/// <param name="Drained">Weight 0 until enabled again.</param>
/// <param name="Weight">The weight to use instead of the configured one (ignored when drained).</param>
/// <param name="ConfiguredWeight">The configured weight when the override was set: a reload that changes it ends a weight override.</param>
internal sealed record OperatorOverride(bool Drained, ushort Weight, ushort ConfiguredWeight)
{
    /// <summary>The <c>admin</c> word of the runtime API.</summary>
    public string Admin => Drained ? "drained" : "weight_override";
}
