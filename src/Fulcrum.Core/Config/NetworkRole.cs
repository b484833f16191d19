namespace Fulcrum.Core.Config;

/// <summary>What a network is for. A config has exactly one of each.</summary>
public enum NetworkRole
{
    /// <summary>Clients reach the service VIPs here.</summary>
    Public,

    /// <summary>The real servers live here; its VIP is their default gateway.</summary>
    Private,
}
