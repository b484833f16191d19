using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>What moves the VRRP priority besides the VIP networks' own links (which are always tracked: down is a fault).</summary>
/// <param name="Interfaces">Other interfaces' link state.</param>
/// <param name="Services">Services' quorum from the health engine: down while fewer than <c>quorum</c> servers are healthy.</param>
/// <param name="Commands">Commands run periodically.</param>
public sealed record HaTrackConfig(
    EquatableArray<TrackedWeight> Interfaces,
    EquatableArray<TrackedWeight> Services,
    EquatableArray<TrackedCommandConfig> Commands)
{
    /// <summary>Nothing tracked.</summary>
    public static HaTrackConfig None { get; } = new([], [], []);
}
