namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>notrack</c>: conntrack leaves the packet alone (it is <c>ct state untracked</c> from then on).</summary>
public sealed record NotrackTerm : FirewallTerm
{
    /// <summary>The one instance.</summary>
    public static NotrackTerm Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "notrack";
}
