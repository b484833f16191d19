namespace Fulcrum.Core.DataPlane;

/// <summary>
/// Diffs two data planes into ordered operations. Nothing is ever re-created from scratch: an
/// unchanged service yields no operation, a changed weight yields one operation for one server.
/// </summary>
/// <remarks>
/// Order: service removals first (they free VIP:port pairs a new service may take), then
/// real-server removals, updates of service settings, weight changes, real-server additions,
/// and service additions last. Every step of the order is valid on its own, which keeps
/// engines that cannot make one kernel transaction (IPVS) consistent at every step.
/// </remarks>
public static class DataPlanePlanner
{
    /// <summary>The operations that turn <paramref name="current"/> into <paramref name="desired"/>.</summary>
    public static DataPlanePlan Plan(DataPlaneModel current, DataPlaneModel desired)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);

        var removeServices = new List<DataPlaneOperation>();
        var removeServers = new List<DataPlaneOperation>();
        var updates = new List<DataPlaneOperation>();
        var weights = new List<DataPlaneOperation>();
        var addServers = new List<DataPlaneOperation>();
        var addServices = new List<DataPlaneOperation>();

        // By name, once: a diff of 10,000 services must not cost 10,000 scans of 10,000.
        var currentByName = Index(current);
        var desiredByName = Index(desired);
        foreach (var before in current.Services)
        {
            if (!desiredByName.ContainsKey(before.Name))
            {
                removeServices.Add(new RemoveService(before));
            }
        }

        foreach (var after in desired.Services)
        {
            if (currentByName.GetValueOrDefault(after.Name) is not { } before)
            {
                addServices.Add(new AddService(after));
                continue;
            }

            if (!before.HasSameSettingsAs(after))
            {
                updates.Add(new UpdateService(before, after));
            }

            foreach (var old in before.Servers)
            {
                if (after.FindServer(old.Endpoint) is not { } now)
                {
                    removeServers.Add(new RemoveRealServer(after.Name, old));
                }
                else if (now.Weight != old.Weight)
                {
                    weights.Add(new SetRealServerWeight(after.Name, old.Endpoint, old.Weight, now.Weight));
                }
            }

            foreach (var now in after.Servers)
            {
                if (before.FindServer(now.Endpoint) is null)
                {
                    addServers.Add(new AddRealServer(after.Name, now));
                }
            }
        }

        DataPlaneOperation[] operations = [.. removeServices, .. removeServers, .. updates, .. weights, .. addServers, .. addServices];
        return new DataPlanePlan(current, desired, [.. operations]);
    }

    private static Dictionary<string, VirtualService> Index(DataPlaneModel model)
    {
        var index = new Dictionary<string, VirtualService>(model.Services.Count, StringComparer.Ordinal);
        foreach (var service in model.Services)
        {
            index[service.Name] = service;
        }

        return index;
    }
}
