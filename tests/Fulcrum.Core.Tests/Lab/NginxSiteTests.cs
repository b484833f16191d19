using Fulcrum.Lab;

namespace Fulcrum.Core.Tests.Lab;

public sealed class NginxSiteTests
{
    private readonly NginxSite _site = new(LabTopology.Create("fl-", 2).RealServers[1], "/run/fulcrum-lab/fl");

    [Fact]
    public void Files_live_in_the_server_directory_of_the_lab_state()
    {
        Assert.Equal("/run/fulcrum-lab/fl/rs2/nginx.conf", _site.ConfigPath);
        Assert.Equal("/run/fulcrum-lab/fl/rs2/nginx.pid", _site.PidFile);
        Assert.Equal("/run/fulcrum-lab/fl/rs2/access.log", _site.AccessLog);
    }

    [Fact]
    public void Config_serves_the_server_name_and_the_peer_on_port_80_and_logs_the_peer()
    {
        var config = _site.RenderConfig();

        Assert.Contains("listen 0.0.0.0:80 default_server;", config, StringComparison.Ordinal);
        Assert.Contains("""return 200 "rs2 saw $remote_addr\n";""", config, StringComparison.Ordinal);
        Assert.Contains("peer=$remote_addr:$remote_port", config, StringComparison.Ordinal);
        Assert.Contains("access_log /run/fulcrum-lab/fl/rs2/access.log lab;", config, StringComparison.Ordinal);
        Assert.Contains("pid /run/fulcrum-lab/fl/rs2/nginx.pid;", config, StringComparison.Ordinal);
        Assert.Contains("daemon on;", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_serves_health_pages_and_https_with_the_lab_certificate()
    {
        var config = _site.RenderConfig();

        Assert.Contains("listen 0.0.0.0:443 ssl default_server;", config, StringComparison.Ordinal);
        Assert.Contains("ssl_certificate /run/fulcrum-lab/fl/rs2/cert.pem;", config, StringComparison.Ordinal);
        Assert.Contains("ssl_certificate_key /run/fulcrum-lab/fl/rs2/key.pem;", config, StringComparison.Ordinal);
        Assert.Contains("location = /health {", config, StringComparison.Ordinal);
        Assert.Contains("""return 200 "ok rs2\n";""", config, StringComparison.Ordinal);
        Assert.Contains("location = /status/500 {\n            return 500;", config.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(["-subj", "/CN=rs2.lab", "-keyout", "/run/fulcrum-lab/fl/rs2/key.pem", "-out", "/run/fulcrum-lab/fl/rs2/cert.pem"], _site.CertificateCommand.TakeLast(6));
    }

    [Fact]
    public void Starts_inside_the_server_namespace_with_its_own_error_log() =>
        Assert.Equal(
            ["ip", "netns", "exec", "fl-rs2", "nginx", "-p", "/run/fulcrum-lab/fl/rs2/", "-c", "/run/fulcrum-lab/fl/rs2/nginx.conf", "-e", "/run/fulcrum-lab/fl/rs2/error.log"],
            _site.StartCommand);
}
