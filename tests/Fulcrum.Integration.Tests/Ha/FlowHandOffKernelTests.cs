using System.Diagnostics.Metrics;
using System.Net;
using Fulcrum.Core.Vrrp;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Vrrp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>The flow hand-off's nftables table against the real kernel, in a namespace of its own.</summary>
public sealed class FlowHandOffKernelTests
{
    [PrivilegedFact]
    public async Task Open_writes_three_rules_per_link_close_deletes_the_table_and_a_stale_one_goes_at_start()
    {
        using var ns = new TestNamespace("ftho");
        foreach (var link in new[] { "eth0", "eth1" })
        {
            ns.Exec("ip", "link", "add", link, "type", "veth", "peer", "name", link + "p");
            ns.Exec("ip", "link", "set", link, "up");
        }

        ns.Nft("add", "table", "ip", NftFlowHandOff.Table); // left by a crash
        await using var handOff = NftFlowHandOff.Create(NullLogger.Instance, ns.Name);
        Assert.DoesNotContain(NftFlowHandOff.Table, ns.Nft("list", "tables"), StringComparison.Ordinal);

        handOff.Open([Link(ns, "eth0", "203.0.113.2"), Link(ns, "eth1", "192.168.20.2")], TimeSpan.FromMinutes(1));
        await handOff.DrainAsync();

        string[] chainHead =
        [
            "table ip fulcrum_handoff {",
            "chain prerouting {",
            "type filter hook prerouting priority mangle; policy accept;",
            "meta l4proto != @window accept",
        ];
        Assert.Equal(
            [.. chainHead, .. Rules("eth0", "203.0.113.2"), .. Rules("eth1", "192.168.20.2"), "}", "}"],
            Lines(ns.Nft("list", "chain", "ip", NftFlowHandOff.Table, NftFlowHandOff.Chain)));
        var window = ns.Nft("list", "set", "ip", NftFlowHandOff.Table, NftFlowHandOff.WindowSet);
        Assert.Contains("type inet_proto", window, StringComparison.Ordinal);
        Assert.Contains("elements = { tcp timeout 1m expires ", window, StringComparison.Ordinal);

        // Opening again replaces the rules whole.
        handOff.Open([Link(ns, "eth1", "192.168.20.3")], TimeSpan.FromMinutes(1));
        await handOff.DrainAsync();
        Assert.Equal(
            [.. chainHead, .. Rules("eth1", "192.168.20.3"), "}", "}"],
            Lines(ns.Nft("list", "chain", "ip", NftFlowHandOff.Table, NftFlowHandOff.Chain)));

        handOff.Close();
        await handOff.DrainAsync();
        Assert.DoesNotContain(NftFlowHandOff.Table, ns.Nft("list", "tables"), StringComparison.Ordinal);

        static string[] Rules(string link, string peer) =>
        [
            $"iifname \"{link}\" ct state new tcp flags ! syn counter packets 0 bytes 0 dup to {peer} device \"{link}\" drop comment \"fulcrum flow hand-off {link} -> {peer}\"",
            $"iifname \"{link}\" ct state invalid tcp flags fin,syn,rst counter packets 0 bytes 0 dup to {peer} device \"{link}\" drop comment \"fulcrum flow hand-off {link} -> {peer}\"",
            $"iifname \"{link}\" meta l4proto tcp ct state invalid fib daddr type != local counter packets 0 bytes 0 dup to {peer} device \"{link}\" drop comment \"fulcrum flow hand-off {link} -> {peer}\"",
        ];
    }

    [PrivilegedFact]
    public async Task The_kernel_ends_the_window_by_itself_when_nobody_closes_it()
    {
        using var ns = new TestNamespace("ftho");
        ns.Exec("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0p");
        await using var handOff = NftFlowHandOff.Create(NullLogger.Instance, ns.Name);

        handOff.Open([Link(ns, "eth0", "203.0.113.2")], TimeSpan.FromSeconds(1));
        await handOff.DrainAsync();
        Assert.Contains("tcp timeout 1s", ns.Nft("list", "set", "ip", NftFlowHandOff.Table, NftFlowHandOff.WindowSet), StringComparison.Ordinal);

        // As after a crash: no Close. The element expires, so the guard rule lets every packet through.
        Assert.True(
            await Eventually.TrueAsync(() => !ns.Nft("list", "set", "ip", NftFlowHandOff.Table, NftFlowHandOff.WindowSet).Contains("tcp", StringComparison.Ordinal), TimeSpan.FromSeconds(5)),
            ns.Nft("list", "set", "ip", NftFlowHandOff.Table, NftFlowHandOff.WindowSet));
    }

    [PrivilegedFact]
    public async Task A_fin_of_an_unknown_flow_is_counted_sent_back_and_reported_when_the_hand_off_ends()
    {
        using var node = new TestNamespace("ftho");
        using var peer = new TestNamespace("ftho");
        ProcessRunner.Run("ip", "link", "add", "eth0", "netns", node.Name, "type", "veth", "peer", "name", "eth0", "netns", peer.Name);
        node.Exec("ip", "addr", "add", "10.9.0.1/24", "dev", "eth0");
        node.Exec("ip", "link", "set", "eth0", "up");
        peer.Exec("ip", "addr", "add", "10.9.0.2/24", "dev", "eth0");
        peer.Exec("ip", "link", "set", "eth0", "up");
        using var meters = new MeterFactory();
        var metrics = new VrrpMetrics(meters);
        long sentBack = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (meters.Created.Contains(instrument.Meter) && instrument.Name == "flow_handoff.packets")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Assert.Contains(tags.ToArray(), t => t.Key == "interface" && (string?)t.Value == "eth0");
            Interlocked.Add(ref sentBack, value);
        });
        listener.Start();
        await using var handOff = new NftFlowHandOff(Fulcrum.Linux.Nftables.NftablesClient.Open(node.Name), NullLogger.Instance, metrics);
        handOff.Open([Link(node, "eth0", "10.9.0.2")], TimeSpan.FromMinutes(1));
        await handOff.DrainAsync();

        // A FIN of a connection the node never saw: conntrack calls it invalid, the second rule takes it.
        // (hping3 exits 1 when nothing answers, which is the point: the node drops the original.)
        peer.Exec("sh", "-c", "hping3 -q -c 1 -F -A -p 80 10.9.0.1 || true");
        var chain = node.Nft("list", "chain", "ip", NftFlowHandOff.Table, NftFlowHandOff.Chain);
        Assert.Contains("ct state invalid tcp flags fin,syn,rst counter packets 1 ", chain, StringComparison.Ordinal);
        Assert.Contains("ct state new tcp flags ! syn counter packets 0 ", chain, StringComparison.Ordinal);

        handOff.Close();
        await handOff.DrainAsync();
        Assert.Equal(1, Interlocked.Read(ref sentBack));
    }

    private static FlowHandOffLink Link(TestNamespace ns, string name, string peer) =>
        new(name, int.Parse(ns.Exec("cat", $"/sys/class/net/{name}/ifindex").Trim(), System.Globalization.CultureInfo.InvariantCulture), IPAddress.Parse(peer));

    private static string[] Lines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private sealed class MeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose() => Created.ForEach(m => m.Dispose());
    }
}
