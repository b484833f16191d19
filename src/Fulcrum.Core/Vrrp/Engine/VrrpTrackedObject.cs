namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Something whose state moves the node's priority (keepalived's <c>track_interface</c>,
/// <c>track_script</c>): weight 0 makes "down" a fault for the whole sync group; a negative weight
/// is added to the priority while down; a positive one while up. The effective priority stays 1–254.
/// </summary>
/// <param name="Name">A tracked interface is <c>interface:NAME</c>; others (a service's quorum, a command) pick their own prefix.</param>
/// <param name="Weight">−254 to 254; 0 means fault.</param>
public sealed record VrrpTrackedObject(string Name, int Weight)
{
    /// <summary>The name of the tracked object for interface <paramref name="interfaceName"/>.</summary>
    public static string InterfaceName(string interfaceName) => "interface:" + interfaceName;

    /// <summary>The name of the tracked object for service <paramref name="serviceName"/>'s quorum (fed by the health engine).</summary>
    public static string ServiceName(string serviceName) => "service:" + serviceName;

    /// <summary>The name of the tracked object for track command <paramref name="commandName"/>.</summary>
    public static string CommandName(string commandName) => "command:" + commandName;

    /// <summary>The interface name when this tracks an interface, else null.</summary>
    public string? Interface => Name.StartsWith("interface:", StringComparison.Ordinal) ? Name["interface:".Length..] : null;
}
