using Fulcrum.Core.Vrrp;

namespace Fulcrum.Daemon.Hosting;

/// <summary>
/// The order the daemon starts its subsystems in. A fresh start runs health, the data plane's first
/// pass and the firewall before VRRP, so mastership is never announced before the data plane is
/// ready. A restart after a crash that finds the node still in service — every VIP on its interface
/// (the test <see cref="VrrpNode.Start"/> applies to resume) and the data-plane table in the kernel,
/// which went on forwarding while the daemon was away — starts VRRP first: the node resumes
/// mastership (<see cref="VrrpNode.PreviousRunAliveAt"/>) before the peer's Master_Down_Interval runs
/// out rather than after the whole start-up. The rest then starts as usual: the first pass corrects
/// the data plane to the configuration (changed while the daemon was down, or not; a refused pass
/// leaves the kernel's as it is and is retried, as on a fresh start), and the service quorum the
/// health engine finds reaches VRRP's tracking whenever it comes.
/// </summary>
/// <param name="VrrpFirst">Start VRRP before health, the data plane and the firewall.</param>
/// <param name="Reason">Why, for the log.</param>
internal sealed record StartOrder(bool VrrpFirst, string Reason)
{
    /// <summary>Decides from what the kernel holds now; anything that cannot be read means a fresh start.</summary>
    /// <param name="vrrp">The node's VRRP settings from the configuration in force.</param>
    /// <param name="addresses">The node's interfaces.</param>
    /// <param name="dataPlaneInPlace">Whether the kernel holds the data-plane table (read now).</param>
    public static StartOrder Decide(VrrpNodeOptions vrrp, IAddressControl addresses, Func<bool> dataPlaneInPlace)
    {
        ArgumentNullException.ThrowIfNull(vrrp);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(dataPlaneInPlace);
        if (!VrrpNode.HoldsEveryAddress(vrrp, addresses))
        {
            return new(false, "not every virtual address is on its interface");
        }

        bool inPlace;
        try
        {
            inPlace = dataPlaneInPlace();
        }
#pragma warning disable CA1031 // Whatever the failure, the safe answer is the fresh start's order.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new(false, $"the data plane could not be read ({e.Message})");
        }

        return inPlace
            ? new(true, "every virtual address and the data-plane table are still in place")
            : new(false, "the data-plane table is not in the kernel");
    }

    /// <summary>A fresh start's order, for when the VRRP settings cannot even be built.</summary>
    public static StartOrder Fresh(string reason) => new(false, reason);
}
