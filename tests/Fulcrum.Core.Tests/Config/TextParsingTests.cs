using System.Net;
using Fulcrum.Core.Config.Reading;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Tests.Config;

public sealed class TextParsingTests
{
    [Theory]
    [InlineData("100ms", 100)]
    [InlineData("1s", 1_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1s500ms", 1_500)]
    [InlineData("0s", 0)]
    public void Durations_parse(string text, int milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out TimeSpan duration, out string error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("", "a duration cannot be empty; write it like 100ms or 1s")]
    [InlineData("10", "duration '10' needs a unit: write 10ms, 10s, 10m or 10h")]
    [InlineData("1.5s", "'1.5s' is not a duration; write it like 100ms, 1s, 1m30s or 2h")]
    [InlineData("30s1m", "'30s1m' is not a duration: write each unit once, largest first, like 1m30s")]
    [InlineData("5d", "'5d' has unknown unit 'd'; use ms, s, m or h")]
    [InlineData("999999999h", "duration '999999999h' is too long (at most 365 days)")]
    public void Bad_durations_explain_themselves(string text, string message)
    {
        Assert.False(DurationText.TryParse(text, out _, out string error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(100, "100ms")]
    [InlineData(1_000, "1s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(7_200_000, "2h")]
    [InlineData(3_723_004, "1h2m3s4ms")]
    public void Durations_are_written_in_their_largest_exact_units(int milliseconds, string text) =>
        Assert.Equal(text, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("10.1")]
    [InlineData("010.0.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("fe80::1%eth0")]
    [InlineData("")]
    public void Lenient_address_spellings_are_refused(string text) =>
        Assert.False(AddressText.TryParseAddress(text, out _, out _));

    [Fact]
    public void IPv6_addresses_parse_so_validation_can_name_them()
    {
        Assert.True(AddressText.TryParseAddress("2001:db8::1", out IPAddress address, out _));
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, address.AddressFamily);
    }

    [Theory]
    [InlineData("203.0.113.100:80/tcp", "203.0.113.100", 80, 80, L4Protocol.Tcp)]
    [InlineData("203.0.113.100:8000-8100/udp", "203.0.113.100", 8000, 8100, L4Protocol.Udp)]
    [InlineData("203.0.113.100:*/udp", "203.0.113.100", 1, 65535, L4Protocol.Udp)]
    [InlineData("[2001:db8::1]:443/tcp", "2001:db8::1", 443, 443, L4Protocol.Tcp)]
    public void Listen_endpoints_parse_and_print_back(string text, string address, int first, int last, L4Protocol protocol)
    {
        Assert.True(EndpointText.TryParseListen(text, out ListenEndpoint listen, out string error), error);
        Assert.Equal(new ListenEndpoint(IPAddress.Parse(address), new PortRange((ushort)first, (ushort)last), protocol), listen);
        Assert.Equal(text, listen.ToString());
    }

    [Theory]
    [InlineData("192.168.20.11:80", "192.168.20.11", 80)]
    [InlineData("192.168.20.11", "192.168.20.11", null)]
    [InlineData("[2001:db8::b]:8080", "2001:db8::b", 8080)]
    [InlineData("2001:db8::b", "2001:db8::b", null)]
    public void Server_endpoints_parse_and_print_back(string text, string address, int? port)
    {
        Assert.True(EndpointText.TryParseServer(text, out ServerEndpoint server, out string error), error);
        Assert.Equal(new ServerEndpoint(IPAddress.Parse(address), (ushort?)port), server);
        Assert.Equal(text, server.ToString());
    }

    [Theory]
    [InlineData("8100-8000", "port range 8100-8000 is backwards; write 8000-8100")]
    [InlineData("65536", "port 65536 is out of range 1-65535")]
    [InlineData("-1", "'-1' is not a port or port range; write 80, 8000-8100 or *")]
    [InlineData("http", "port 'http' is not a number 1-65535")]
    public void Bad_port_ranges_explain_themselves(string text, string message)
    {
        Assert.False(PortText.TryParseRange(text, out _, out string error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("prioirty", "priority")]
    [InlineData("Priority", "priority")]
    [InlineData("intreval", "interval")]
    [InlineData("warn", "warning")]
    [InlineData("zzz", null)]
    public void Spelling_suggests_close_keys(string input, string? expected) =>
        Assert.Equal(expected, Spelling.Suggest(input, ["priority", "interval", "warning", "timeout"]));

    [Fact]
    public void Port_ranges_know_overlap_and_all()
    {
        Assert.True(new PortRange(70, 90).Overlaps(PortRange.Of(80)));
        Assert.False(new PortRange(70, 79).Overlaps(PortRange.Of(80)));
        Assert.True(PortRange.All.IsAll);
        Assert.Equal("*", PortRange.All.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new PortRange(0, 10));
    }
}
