using Fulcrum.Core.Net;

namespace Fulcrum.Core.DataPlane;

/// <summary>One change to the data plane. A plan is an ordered list of these, applied as one transaction.</summary>
public abstract record DataPlaneOperation
{
    /// <summary>The service the operation is about.</summary>
    public abstract string ServiceName { get; }
}

/// <summary>Create a virtual service with its real servers. <c>ipvsadm -A</c> plus <c>-a</c> for each server.</summary>
public sealed record AddService(VirtualService Service) : DataPlaneOperation
{
    /// <inheritdoc/>
    public override string ServiceName => Service.Name;

    /// <inheritdoc/>
    public override string ToString() => $"add service {Service.Name} {Service.Listen} ({Service.Servers.Count} real servers)";
}

/// <summary>Delete a virtual service; its real servers go with it and their flows are cut. <c>ipvsadm -D</c>.</summary>
public sealed record RemoveService(VirtualService Service) : DataPlaneOperation
{
    /// <inheritdoc/>
    public override string ServiceName => Service.Name;

    /// <inheritdoc/>
    public override string ToString() => $"remove service {Service.Name} {Service.Listen}";
}

/// <summary>Change a service's settings (listen, scheduler, persistence, sorry server), keeping its real servers. <c>ipvsadm -E</c>.</summary>
public sealed record UpdateService(VirtualService Before, VirtualService After) : DataPlaneOperation
{
    /// <inheritdoc/>
    public override string ServiceName => After.Name;

    /// <inheritdoc/>
    public override string ToString() => $"update service {After.Name}: {Describe()}";

    private string Describe()
    {
        var changes = new List<string>();
        if (!Before.Listen.Equals(After.Listen))
        {
            changes.Add($"listen {Before.Listen} -> {After.Listen}");
        }

        if (Before.Scheduler != After.Scheduler)
        {
            changes.Add($"scheduler {Before.Scheduler} -> {After.Scheduler}");
        }

        if (!Equals(Before.Persistence, After.Persistence))
        {
            changes.Add("persistence");
        }

        if (!Nullable.Equals(Before.Sorry, After.Sorry))
        {
            changes.Add($"sorry server {Before.Sorry?.ToString() ?? "none"} -> {After.Sorry?.ToString() ?? "none"}");
        }

        if (Before.SorryActive != After.SorryActive)
        {
            changes.Add(After.SorryActive ? "sorry server takes new flows" : "real servers take new flows again");
        }

        return string.Join(", ", changes);
    }
}

/// <summary>Add a real server to a service. <c>ipvsadm -a</c>.</summary>
public sealed record AddRealServer(string Service, RealServer Server) : DataPlaneOperation
{
    /// <inheritdoc/>
    public override string ServiceName => Service;

    /// <inheritdoc/>
    public override string ToString() => $"add real server {Server.Endpoint} to {Service} (weight {Server.Weight})";
}

/// <summary>Remove a real server from a service: no new flows, and its established flows are cut
/// (conntrack entries deleted) so clients get a prompt reset instead of a hang. <c>ipvsadm -d</c>.</summary>
public sealed record RemoveRealServer(string Service, RealServer Server) : DataPlaneOperation
{
    /// <inheritdoc/>
    public override string ServiceName => Service;

    /// <inheritdoc/>
    public override string ToString() => $"remove real server {Server.Endpoint} from {Service}";
}

/// <summary>Change a real server's weight; 0 drains it (established flows continue). <c>ipvsadm -e -w</c>.</summary>
public sealed record SetRealServerWeight(string Service, ServerEndpoint Endpoint, ushort From, ushort To) : DataPlaneOperation
{
    /// <inheritdoc/>
    public override string ServiceName => Service;

    /// <inheritdoc/>
    public override string ToString() => To == 0
        ? $"drain real server {Endpoint} of {Service} (weight {From} -> 0)"
        : $"set weight of real server {Endpoint} of {Service}: {From} -> {To}";
}
