namespace Fulcrum.Core.Health;

/// <summary>A service's health as the HA tracking sees it.</summary>
/// <param name="Service">The service's name.</param>
/// <param name="Usable">Servers that take new flows: healthy (in the pool) with an effective weight above 0.</param>
/// <param name="Total">Configured servers.</param>
/// <param name="Quorum">The configured quorum (at least 1).</param>
public readonly record struct ServiceHealth(string Service, int Usable, int Total, int Quorum)
{
    /// <summary>True when at least <see cref="Quorum"/> servers are usable; below it the service counts as down (and its sorry server takes over).</summary>
    public bool IsUp => Usable >= Quorum;
}
