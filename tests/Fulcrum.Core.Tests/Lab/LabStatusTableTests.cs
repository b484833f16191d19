using Fulcrum.Lab;

namespace Fulcrum.Core.Tests.Lab;

public sealed class LabStatusTableTests
{
    [Fact]
    public void Lists_interfaces_per_namespace_without_loopback_then_web_servers()
    {
        var status = new LabStatus(
            "fl-",
            "/run/fulcrum-lab/fl",
            true,
            [
                new NamespaceStatus("fl-sw", LabRole.Switch,
                    [new InterfaceStatus("lo", "UNKNOWN", null, ["127.0.0.1/8"]), new InterfaceStatus("rs1", "UP", "private", [])]),
                new NamespaceStatus("fl-rs1", LabRole.RealServer, [new InterfaceStatus("eth0", "UP", null, ["192.168.20.11/24"])]),
            ],
            [new WebServerStatus("rs1", 1234, true)]);

        var lines = LabStatusTable.Format(status).Split(Environment.NewLine);

        Assert.Equal(
            [
                "Lab fl- (state in /run/fulcrum-lab/fl)",
                "",
                "NAMESPACE  ROLE         INTERFACE  STATE  ADDRESS           BRIDGE",
                "fl-sw      switch       rs1        UP                       private",
                "fl-rs1     real server  eth0       UP     192.168.20.11/24",
                "",
                "WEB SERVER  NGINX PID  STATE",
                "rs1         1234       running",
                "",
            ],
            lines);
    }

    [Fact]
    public void Says_so_when_no_lab_exists() =>
        Assert.Equal(
            "No lab with prefix ft1- exists." + Environment.NewLine,
            LabStatusTable.Format(new LabStatus("ft1-", "/run/fulcrum-lab/ft1", false, [], [])));
}
