using System.Net;
using System.Net.NetworkInformation;
using Fulcrum.Linux.Arp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

public sealed class GratuitousArpFrameTests
{
    [Fact]
    public void Frame_is_a_broadcast_arp_request_with_sender_and_target_the_vip()
    {
        var frame = new byte[GratuitousArpFrame.Length];
        GratuitousArpFrame.Write(PhysicalAddress.Parse("02-00-5E-00-01-33"), IPAddress.Parse("203.0.113.100"), frame);

        byte[] expected =
        [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x00, 0x5E, 0x00, 0x01, 0x33, 0x08, 0x06, // Ethernet
            0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,                                     // Ethernet/IPv4, request
            0x02, 0x00, 0x5E, 0x00, 0x01, 0x33, 203, 0, 113, 100,                               // sender
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 203, 0, 113, 100,                               // target
        ];
        Assert.Equal(expected, frame[..42]);
        Assert.All(frame[42..], b => Assert.Equal(0, b));
    }
}
