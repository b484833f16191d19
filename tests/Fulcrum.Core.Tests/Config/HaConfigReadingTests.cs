using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

public sealed class HaConfigReadingTests
{
    private const string Extras = """
        advert: 100ms
          garp: { count: 5, interval: 50ms, refresh: 1m }
          track:
            interfaces: { eth2: -20, eth3: 0 }
            services: { web: -50 }
            commands:
              - { name: uplink, run: /usr/local/bin/check-uplink --quick, interval: 3s, timeout: 2s, rise: 2, fall: 3, weight: -30 }
              - { name: disk, run: /bin/true }
          notify: /usr/local/bin/fulcrum-notify
        """;

    [Fact]
    public void Garp_track_and_notify_are_read_with_their_defaults()
    {
        ConfigLoadResult result = ConfigText.Parse(ConfigText.Valid.Replace("advert: 100ms", Extras, StringComparison.Ordinal));

        Assert.Empty(result.Diagnostics);
        HaConfig ha = result.Config!.Ha;
        Assert.Equal(new GratuitousArpConfig(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1)), ha.Garp);
        Assert.Equal([new TrackedWeight("eth2", -20), new TrackedWeight("eth3", 0)], ha.Track.Interfaces);
        Assert.Equal([new TrackedWeight("web", -50)], ha.Track.Services);
        Assert.Equal(
            [
                new TrackedCommandConfig("uplink", "/usr/local/bin/check-uplink --quick", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), 2, 3, -30),
                new TrackedCommandConfig("disk", "/bin/true", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 1, 1, 0),
            ],
            ha.Track.Commands);
        Assert.Equal("/usr/local/bin/fulcrum-notify", ha.Notify);
        Assert.Equal(HaAuthConfig.None, ha.Auth);
        Assert.Equal(result.Config, ConfigLoader.Parse(ConfigWriter.Write(result.Config), "again.yaml").Config);
    }

    [Fact]
    public void Without_the_new_keys_the_defaults_apply()
    {
        HaConfig ha = ConfigText.Parse(ConfigText.Valid).Config!.Ha;

        Assert.Equal(GratuitousArpConfig.Default, ha.Garp);
        Assert.Equal(HaTrackConfig.None, ha.Track);
        Assert.Null(ha.Notify);
        Assert.Equal(HaAuthConfig.None, ha.Auth);
    }

    [Fact]
    public void A_v2_password_round_trips_with_its_warning()
    {
        string text = ConfigText.Valid.Replace("advert: 100ms", "version: 2\n  advert: 1s\n  auth: { type: password, password: \"s3c: #t\" }", StringComparison.Ordinal);
        ConfigLoadResult result = ConfigText.Parse(text);

        Assert.True(result.Succeeded);
        Assert.Equal(new HaAuthConfig(HaAuthMode.Password, "s3c: #t", null), result.Config!.Ha.Auth);
        ConfigLoadResult again = ConfigLoader.Parse(ConfigWriter.Write(result.Config), "again.yaml");
        Assert.Equal(result.Config, again.Config);
        Assert.Equal(Severity.Warning, Assert.Single(again.Diagnostics).Severity);
    }

    [Fact]
    public void Connection_sync_is_off_on_port_3780_by_default_and_read_when_given()
    {
        HaConfig defaults = ConfigText.Parse(ConfigText.Valid).Config!.Ha;
        ConfigLoadResult result = ConfigText.Parse(ConfigText.Valid.Replace("advert: 100ms", "advert: 100ms\n  connection_sync: { enabled: true, port: 3999 }", StringComparison.Ordinal));
        ConfigLoadResult portless = ConfigText.Parse(ConfigText.Valid.Replace("advert: 100ms", "advert: 100ms\n  connection_sync: { enabled: true }", StringComparison.Ordinal));

        Assert.Equal(new ConnectionSyncConfig(false, 3780), defaults.ConnectionSync);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(new ConnectionSyncConfig(true, 3999), result.Config!.Ha.ConnectionSync);
        Assert.Equal(new ConnectionSyncConfig(true, 3780), portless.Config!.Ha.ConnectionSync);
        Assert.Equal(result.Config, ConfigLoader.Parse(ConfigWriter.Write(result.Config), "again.yaml").Config);
    }

    [Theory]
    [InlineData("connection_sync: { enabled: true, port: 0 }", "connection_sync port")]
    [InlineData("connection_sync: { port: 3780 }", "enabled")]
    [InlineData("connection_sync: { enabled: yes please }", "connection_sync enabled")]
    [InlineData("connection_sync: { enabled: true, prot: 1 }", "prot")]
    public void A_wrong_connection_sync_is_an_error_that_names_the_key(string line, string named)
    {
        ConfigLoadResult result = ConfigText.Parse(ConfigText.Valid.Replace("advert: 100ms", "advert: 100ms\n  " + line, StringComparison.Ordinal));

        Assert.False(result.Succeeded);
        ConfigDiagnostic error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
