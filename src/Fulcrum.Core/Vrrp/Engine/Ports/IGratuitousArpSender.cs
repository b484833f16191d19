using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>Sends gratuitous ARP announcements (AF_PACKET in production, a recording fake in tests).</summary>
public interface IGratuitousArpSender
{
    /// <summary>
    /// Broadcasts one gratuitous ARP request for <paramref name="address"/> from <paramref name="link"/>'s
    /// hardware address, so neighbours update their caches to us. RFC 5798 §6.4.1, RFC 5227 §3.
    /// </summary>
    void Announce(LinkStatus link, IPAddress address);
}
