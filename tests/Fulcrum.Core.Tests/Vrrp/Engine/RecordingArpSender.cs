using System.Net;
using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>Records every gratuitous ARP with the clock's time.</summary>
internal sealed class RecordingArpSender(TimeProvider time, List<string>? journal = null) : IGratuitousArpSender
{
    public List<(TimeSpan At, string Interface, IPAddress Address)> Announcements { get; } = [];

    private readonly DateTimeOffset _start = time.GetUtcNow();

    public void Announce(LinkStatus link, IPAddress address)
    {
        Announcements.Add((time.GetUtcNow() - _start, link.Name, address));
        journal?.Add($"arp {link.Name} {address}");
    }
}
