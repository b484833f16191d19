namespace Fulcrum.Daemon.Events;

/// <summary>The <c>kind</c> values of runtime events (docs/api.md).</summary>
internal static class EventKinds
{
    public const string VrrpTransition = "vrrp_transition";
    public const string ServerHealth = "server_health";
    public const string ServiceHealth = "service_health";
    public const string DataPlaneApply = "dataplane_apply";
    public const string DataPlaneError = "dataplane_error";
    public const string Reload = "reload";
    public const string AdminWrite = "admin_write";
    public const string FirewallApply = "firewall_apply";
    public const string ConntrackPressure = "conntrack_pressure";
}
