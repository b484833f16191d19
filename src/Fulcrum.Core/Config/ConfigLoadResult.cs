using System.Diagnostics.CodeAnalysis;
using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>
/// The outcome of loading a config: the config when there are no errors, and every diagnostic
/// (errors and warnings) sorted by position.
/// </summary>
public sealed record ConfigLoadResult(ClusterConfig? Config, EquatableArray<ConfigDiagnostic> Diagnostics)
{
    /// <summary>True when the config loaded without errors (warnings are allowed).</summary>
    [MemberNotNullWhen(true, nameof(Config))]
    public bool Succeeded => Config is not null;

    /// <summary>The errors only.</summary>
    public IEnumerable<ConfigDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>The warnings only.</summary>
    public IEnumerable<ConfigDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}
