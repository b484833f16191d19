namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>fib saddr . iif oif missing</c>: no route back to the source through the interface the
/// packet came in on (strict reverse-path filtering).
/// </summary>
public sealed record ReversePathTerm : FirewallTerm
{
    /// <summary>The one instance.</summary>
    public static ReversePathTerm Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "fib saddr . iif oif missing";
}
