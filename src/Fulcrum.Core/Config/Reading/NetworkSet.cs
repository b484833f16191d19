namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// The networks as read so far, for the sections that refer to them. Cross-checks run only
/// against networks that read without errors, so one mistake does not cascade into many.
/// </summary>
internal sealed class NetworkSet
{
    /// <summary>Every declared network name, including networks that had errors.</summary>
    public List<string> DeclaredNames { get; } = [];

    /// <summary>Networks that read cleanly.</summary>
    public Dictionary<string, NetworkConfig> Valid { get; } = new(StringComparer.Ordinal);

    public NetworkConfig? Public { get; set; }

    public NetworkConfig? Private { get; set; }

    public List<NetworkConfig> ValidInFileOrder => [.. DeclaredNames.Where(Valid.ContainsKey).Select(n => Valid[n])];
}
