namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>update @meter { ip saddr limit rate over 5/minute burst 5 packets }</c>: a token bucket per
/// source address kept in a dynamic set; the rule goes on only for a source over its rate.
/// </summary>
public sealed record MeterTerm(string Set, LimitTerm Limit) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"update @{Set} {{ ip saddr {Limit} }}";
}
