namespace Fulcrum.Core.Status;

/// <summary>One VRRP instance (one per network) as the node sees it.</summary>
/// <param name="State">initialize, backup, master or fault.</param>
/// <param name="EffectivePriority">The priority after tracking weights (what the adverts carry).</param>
/// <param name="AdvertInterval">Seconds.</param>
/// <param name="MasterAddress">The current master's address on this network, when known.</param>
/// <param name="Since">When the instance entered <paramref name="State"/>.</param>
/// <param name="Transitions">State changes since the daemon started.</param>
public sealed record VrrpInstanceStatus(
    string Name,
    string Interface,
    int Vrid,
    int Version,
    string State,
    int Priority,
    int EffectivePriority,
    double AdvertInterval,
    string? MasterAddress,
    IReadOnlyList<string> Vips,
    DateTimeOffset Since,
    long Transitions);
