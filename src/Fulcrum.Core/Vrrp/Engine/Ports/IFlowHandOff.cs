using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The flow hand-off after a switch-over from a peer that is still alive (it resigned with priority 0,
/// or was preempted): for a while the new master sends the TCP packets of flows its conntrack does not
/// know back to that peer, on the link they came in on, instead of dropping them (nftables <c>dup</c>
/// in production, a recording fake in tests). <see cref="VrrpNode"/> calls it on its own thread;
/// implementations must not block it.
/// </summary>
public interface IFlowHandOff
{
    /// <summary>
    /// Starts sending unknown flows' packets arriving on each link to that link's peer, for at most
    /// <paramref name="duration"/> even if <see cref="Close"/> never comes (the process died); replaces any earlier set.
    /// </summary>
    void Open(IReadOnlyList<FlowHandOffLink> links, TimeSpan duration);

    /// <summary>Stops it (nothing happens when it is not open).</summary>
    void Close();
}

/// <summary>One link of a flow hand-off: packets arriving on <paramref name="Interface"/> go back out of it to <paramref name="Peer"/>.</summary>
/// <param name="Interface">The interface name.</param>
/// <param name="InterfaceIndex">Its ifindex (nf_dup sends by index).</param>
/// <param name="Peer">The previous master's address on that link (the source of its adverts).</param>
public sealed record FlowHandOffLink(string Interface, int InterfaceIndex, IPAddress Peer)
{
    /// <inheritdoc />
    public override string ToString() => $"{Interface} -> {Peer}";
}
