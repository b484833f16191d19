using System.Diagnostics;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>tshark (Wireshark's dissector, an independent implementation) decodes every advert Fulcrum sends as valid VRRP.</summary>
[Collection(LabTestGroup.Name)]
public sealed class HaWireFormatTests(LabFixture fixture) : IDisposable
{
    private readonly VipLocator _vips = HaKeepalivedInteropTests.CreateLocator(fixture);

    [PrivilegedFact]
    public Task Tshark_decodes_every_v3_advert_with_a_correct_checksum() => CaptureAndDecodeAsync(3, "100ms", minimum: 15);

    [PrivilegedFact]
    public Task Tshark_decodes_every_v2_advert_with_a_correct_checksum() => CaptureAndDecodeAsync(2, "1s", minimum: 3);

    public void Dispose()
    {
        if (PrivilegedFactAttribute.SkipReason is null)
        {
            _vips.Reset();
        }

        _vips.Dispose();
    }

    private async Task CaptureAndDecodeAsync(int version, string advert, int minimum)
    {
        EnsureTshark();
        using var config = new HaLabConfig(version, advert);
        var topology = fixture.Lab.Topology;
        await using var lb1 = await FulcrumNode.StartAsync(config, "lb1", topology.Balancers[0].Namespace);
        Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster, HaKeepalivedInteropTests.Deadline(config)));

        var capture = Path.Combine(Path.GetTempPath(), "fulcrum-vrrp-" + Guid.NewGuid().ToString("N")[..8] + ".pcap");
        try
        {
            // Capture on the backup's side of the wire for a fixed time; tshark stops by itself.
            var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var argument in new[] { "netns", "exec", topology.Balancers[1].Namespace, "tshark", "-Q", "-i", "eth0", "-f", "ip proto 112", "-a", "duration:4", "-w", capture })
            {
                start.ArgumentList.Add(argument);
            }

            using (var tshark = Process.Start(start)!)
            {
                var stderr = tshark.StandardError.ReadToEndAsync();
                if (!tshark.WaitForExit(TimeSpan.FromSeconds(60)))
                {
                    tshark.Kill();
                }

                Assert.True(tshark.ExitCode == 0, await stderr);
            }

            var lines = ProcessRunner.Run(
                    "tshark", "-r", capture, "-T", "fields", "-E", "separator=,",
                    "-e", "ip.src", "-e", "ip.ttl", "-e", "vrrp.version", "-e", "vrrp.type", "-e", "vrrp.virt_rtr_id", "-e", "vrrp.prio", "-e", "vrrp.checksum.status")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(lines.Length >= minimum, $"{lines.Length} adverts captured");

            // Wireshark's checksum status: 1 is "Good" (0 bad, 2 unverified).
            Assert.All(lines, line => Assert.Equal($"203.0.113.1,255,{version},1,51,150,1", line));
        }
        finally
        {
            File.Delete(capture);
        }
    }

    private static void EnsureTshark()
    {
        if (!File.Exists("/usr/bin/tshark"))
        {
            ProcessRunner.Run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "tshark");
        }
    }
}
