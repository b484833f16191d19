namespace Fulcrum.Cli.Output;

/// <summary>What <c>fulcrum check</c> looks at and how strictly.</summary>
/// <param name="Services">Only these services (empty: all).</param>
/// <param name="ExpectState"><c>any</c>, <c>master</c> or <c>backup</c>: the sync-group state this node should be in.</param>
/// <param name="Warning">WARNING when a service has fewer than this fraction (0..1) of its servers usable; 1: any unusable server warns.</param>
/// <param name="Critical">CRITICAL when a service has fewer than this fraction usable (null: only below quorum).</param>
internal sealed record NagiosCheckOptions(IReadOnlyList<string> Services, string ExpectState, double Warning, double? Critical)
{
    /// <summary>All services, any HA state, every unusable server warns.</summary>
    public static NagiosCheckOptions Default { get; } = new([], "any", 1.0, null);
}
