namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>counter</c>: packets and bytes; the rule's comment names it.</summary>
public sealed record CounterTerm : FirewallTerm
{
    /// <summary>The one instance.</summary>
    public static CounterTerm Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "counter";
}
