using Fulcrum.Cli.Output;
using Fulcrum.Core.Status;

namespace Fulcrum.Core.Tests.Cli;

public class StatusTableRendererTests
{
    [Fact]
    public void A_healthy_master_renders_as_the_golden_text() =>
        Golden.AssertMatches("status-healthy.txt", StatusTableRenderer.Render(StatusSnapshots.Healthy(), StatusSnapshots.Now));

    [Fact]
    public void A_degraded_node_shows_weights_admin_states_and_the_down_reason() =>
        Golden.AssertMatches("status-degraded.txt", StatusTableRenderer.Render(StatusSnapshots.Degraded(), StatusSnapshots.Now));

    [Fact]
    public void A_service_below_quorum_is_down_and_says_so() =>
        Golden.AssertMatches("status-web-down.txt", StatusTableRenderer.Render(StatusSnapshots.WebDown(), StatusSnapshots.Now));

    [Fact]
    public void A_node_without_ha_firewall_or_services_says_so() =>
        Golden.AssertMatches("status-bare.txt", StatusTableRenderer.Render(StatusSnapshots.Bare(), StatusSnapshots.Now));

    [Fact]
    public void A_firewall_that_is_not_applied_stands_out()
    {
        StatusSnapshot status = StatusSnapshots.Healthy() with { Firewall = new FirewallStatus(false, null, null) };

        string text = StatusTableRenderer.Render(status, StatusSnapshots.Now);

        Assert.Contains("Firewall NOT APPLIED\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(999, "999")]
    [InlineData(1000, "1.0K")]
    [InlineData(1234, "1.2K")]
    [InlineData(999_949, "999.9K")]
    [InlineData(999_950, "1.0M")]
    [InlineData(3_400_000_000, "3.4G")]
    public void Counts_use_SI_prefixes_above_999(double value, string expected) => Assert.Equal(expected, HumanUnits.Count(value));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(45_678, "45.7 KB")]
    [InlineData(3_400_000, "3.4 MB")]
    public void Bytes_are_decimal(double value, string expected) => Assert.Equal(expected, HumanUnits.Bytes(value));

    [Theory]
    [InlineData(0, "0 B/s")]
    [InlineData(3_400_000, "3.4 MB/s")]
    public void Byte_rates_carry_per_second(double value, string expected) => Assert.Equal(expected, HumanUnits.ByteRate(value));

    [Theory]
    [InlineData(0.25, "0.3")]
    [InlineData(40, "40")]
    [InlineData(1500, "1.5K")]
    public void Packet_rates_keep_a_decimal_when_small(double value, string expected) => Assert.Equal(expected, HumanUnits.Rate(value));

    [Theory]
    [InlineData(-5, "0s")]
    [InlineData(42, "42s")]
    [InlineData(307, "5m07s")]
    [InlineData(3723, "1h02m")]
    [InlineData(273_600, "3d04h")]
    public void Durations_are_short(int seconds, string expected) => Assert.Equal(expected, HumanUnits.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void An_unknown_connection_count_is_a_dash() => Assert.Equal("-", HumanUnits.Count(null));
}
