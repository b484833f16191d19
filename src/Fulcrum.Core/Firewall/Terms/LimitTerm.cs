namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>limit rate [over] 10/second burst 20 packets</c>: a token bucket of <paramref name="Burst"/>
/// packets refilled at <paramref name="Rate"/> per <paramref name="Per"/> (a second, minute, hour or day).
/// Without <paramref name="Over"/> it matches while under the rate; with it, once over.
/// </summary>
public sealed record LimitTerm(uint Rate, TimeSpan Per, uint Burst, bool Over = false) : FirewallTerm
{
    /// <inheritdoc />
    public override string ToString() => $"limit rate {(Over ? "over " : string.Empty)}{Rate}/{UnitName(Per)} burst {Burst} packets";

    /// <summary>nft's name of a rate unit.</summary>
    public static string UnitName(TimeSpan per) =>
        per == TimeSpan.FromSeconds(1) ? "second"
        : per == TimeSpan.FromMinutes(1) ? "minute"
        : per == TimeSpan.FromHours(1) ? "hour"
        : per == TimeSpan.FromDays(1) ? "day"
        : throw new ArgumentOutOfRangeException(nameof(per), per, "a rate unit is a second, minute, hour or day");
}
