using System.Net;
using System.Net.Sockets;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Conntrack;
using Fulcrum.Integration.Tests.DataPlane;
using Fulcrum.Integration.Tests.Ha;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Firewall;
using Fulcrum.Linux.Nftables;
using Xunit.Abstractions;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// The lab on Debian 12's own kernel (6.1, booted under qemu: <see cref="Debian12Kernel"/>), as an
/// operator of Debian 12 balancers runs it: <c>fulcrum lab up</c>, <c>fulcrum apply</c> of the lab's
/// config on both balancers (data plane, host settings, firewall), VRRP electing one master through
/// those firewalls, requests through the VIP to nginx before and after a fail-over; and the
/// kernel-level tests of connection sync, conntrack and the flow hand-off run again on 6.1.
/// </summary>
public sealed class DebianKernelTests(GuestLab guest, ITestOutputHelper output)
{
    private static readonly IPEndPoint Web = new(VipLocator.PublicVip, 80);

    // A deadline, not a delay: under TCG on a busy 2-core host an election takes seconds.
    private static readonly TimeSpan Election = TimeSpan.FromSeconds(60);

    [GuestFact(typeof(Debian12Kernel))]
    public void The_kernel_is_debian_12s_and_the_probe_finds_the_features_6_1_lacks()
    {
        var release = NftKernelFeatures.KernelRelease();
        output.WriteLine($"kernel {release}");
        Assert.StartsWith("6.1.", release, StringComparison.Ordinal);

        using var client = NftablesClient.Open(guest.Lab.Topology.Balancers[0].Namespace);
        var features = NftKernelFeatures.Probe(client);

        // The fallbacks the other tests of this group then run on.
        Assert.Equal(NftKernelFeatures.Linux61, features);
        foreach (var line in features.DescribeMissing())
        {
            output.WriteLine(line);
        }
    }

    [GuestFact(typeof(Debian12Kernel))]
    public async Task Apply_on_both_balancers_then_vrrp_elects_one_master_and_requests_reach_nginx_through_the_vip_before_and_after_a_fail_over()
    {
        var balancers = guest.Lab.Topology.Balancers.Select(b => b.Namespace).ToArray();
        var client = guest.Lab.Topology.Client.Namespace;
        using var config = new HaLabConfig(advert: "1s");
        using var vips = new VipLocator(guest.Lab);
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var (exit, stdout, stderr) = await FulcrumProcess.RunAsync("apply", config.Path, "--node", $"lb{i + 1}", "--netns", balancers[i]);
                output.WriteLine($"lb{i + 1}: fulcrum apply exited {exit}\n{stdout}{stderr}");
                Assert.True(exit == 0, $"fulcrum apply on lb{i + 1} exited {exit}:\n{stdout}\n{stderr}");
                Assert.Contains("Applied in one transaction", stdout, StringComparison.Ordinal);
                Assert.Contains("Firewall applied: table inet fulcrum_filter", stdout, StringComparison.Ordinal);
            }

            // VRRP through both firewalls (adverts pass only from the peer's address): one master.
            var lb1 = await FulcrumNode.StartAsync(config, "lb1", balancers[0]);
            var lb1Stopped = false;
            await using (var lb2 = await FulcrumNode.StartAsync(config, "lb2", balancers[1]))
            {
                try
                {
                    Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && vips.OnlyOn(0), Election), $"no single master: lb1 {string.Join(',', lb1.States)}, lb2 {string.Join(',', lb2.States)}");
                    await RequestsReachEveryServerAsync(client, "lb1 master");

                    // The firewall is in force: a port that is no service gets no answer at all
                    // (dropped, not reset by the balancer's own stack).
                    Assert.Equal("timeout", await ConnectOutcomeAsync(client, new IPEndPoint(VipLocator.PublicVip, 8080)));

                    // Graceful stop of the master: lb2 takes over and forwards with its own data plane.
                    await lb1.DisposeAsync();
                    lb1Stopped = true;
                    Assert.True(await Eventually.TrueAsync(() => lb2.IsMaster && vips.OnlyOn(1), Election), $"lb2 did not take over: {string.Join(',', lb2.States)}");
                    await RequestsReachEveryServerAsync(client, "lb2 master");
                }
                finally
                {
                    if (!lb1Stopped)
                    {
                        await lb1.DisposeAsync();
                    }
                }
            }
        }
        finally
        {
            vips.Reset();
            foreach (var ns in balancers)
            {
                TryRun("ip", "netns", "exec", ns, "nft", "delete", "table", "ip", "fulcrum");
                using (var firewall = NftFirewall.Open(ns))
                {
                    await firewall.RemoveAsync(CancellationToken.None);
                }

                TryRun("ip", "netns", "exec", ns, "conntrack", "-F");
            }
        }
    }

    [GuestFact(typeof(Debian12Kernel))]
    public Task Connection_sync_conntrack_and_flow_hand_off_kernel_tests_pass_on_6_1() =>
        GuestReplay.RunAsync(output, typeof(ConntrackSyncKernelTests), typeof(ConntrackClientKernelTests), typeof(FlowHandOffKernelTests));

    /// <summary>wrr over three equal servers: 30 new connections, ten to each nginx; and curl's view of one.</summary>
    private async Task RequestsReachEveryServerAsync(string client, string when)
    {
        var counts = await LabHttp.CountAsync(client, Web, 30, parallel: 4);
        output.WriteLine($"{when}: {string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"))}");
        Assert.Equal([10, 10, 10], new[] { "rs1", "rs2", "rs3" }.Select(s => counts.GetValueOrDefault(s)));
        var (exit, body, stderr) = Daemon.DaemonLab.Run("ip", "netns", "exec", client, "curl", "-sS", "-m", "10", "http://203.0.113.100/");
        Assert.True(exit == 0, $"curl exited {exit}: {stderr}");
        Assert.Matches(@"^rs[123] saw 203\.0\.113\.50$", body.Trim());
    }

    /// <summary>"connected", "reset" or "timeout" (nothing came back in 3 s).</summary>
    private static async Task<string> ConnectOutcomeAsync(string ns, IPEndPoint target)
    {
        using var socket = Fulcrum.Linux.Netlink.NetworkNamespace.Run(ns, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await socket.ConnectAsync(target, deadline.Token);
            return "connected";
        }
        catch (SocketException failure) when (failure.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return "reset";
        }
        catch (OperationCanceledException)
        {
            return "timeout";
        }
    }

    private static void TryRun(params string[] command)
    {
        try
        {
            ProcessRunner.Run(command[0], command[1..]);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
