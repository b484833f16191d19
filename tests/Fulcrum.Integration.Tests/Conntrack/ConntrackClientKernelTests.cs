using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Net;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Integration.Tests.Conntrack;

/// <summary>
/// ConntrackClient against the kernel's table of a fresh namespace, filled with <c>conntrack -I</c>
/// and the seeder, cross-checked with <c>conntrack -L</c>.
/// </summary>
public sealed class ConntrackClientKernelTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress ServerA = IPAddress.Parse("10.2.0.2");
    private static readonly IPAddress ServerB = IPAddress.Parse("10.2.0.3");

    [ConntrackPrivilegedFact]
    public void List_reads_what_conntrack_I_created_with_every_field()
    {
        using var ns = new TestNamespace("ftct");
        ns.Exec("conntrack", "-I", "-p", "tcp", "-s", "10.1.0.2", "-d", "203.0.113.10", "--sport", "40000", "--dport", "80",
            "-r", "10.2.0.2", "-q", "10.1.0.2", "--reply-port-src", "8080", "--reply-port-dst", "40000",
            "--state", "ESTABLISHED", "-t", "300", "-u", "SEEN_REPLY,ASSURED", "-m", "7");
        ns.Exec("conntrack", "-I", "-p", "udp", "-s", "10.1.0.3", "-d", "203.0.113.10", "--sport", "5353", "--dport", "53",
            "-r", "10.2.0.3", "-q", "10.1.0.3", "--reply-port-src", "53", "--reply-port-dst", "5353", "-t", "30");
        using var client = ConntrackClient.Open(ns.Name);

        var entries = client.List();

        Assert.Equal(2, entries.Count);
        var tcp = Assert.Single(entries, e => e.Protocol == ProtocolType.Tcp);
        Assert.Equal(new ConntrackTuple(ProtocolType.Tcp, IPAddress.Parse("10.1.0.2"), 40000, Vip, 80), tcp.Original);
        Assert.Equal(new ConntrackTuple(ProtocolType.Tcp, ServerA, 8080, IPAddress.Parse("10.1.0.2"), 40000), tcp.Reply);
        Assert.Equal(7u, tcp.Mark);
        Assert.Equal(ConntrackTcpState.Established, tcp.TcpState);
        Assert.True(tcp.Status.HasFlag(ConntrackStatus.Assured | ConntrackStatus.SeenReply | ConntrackStatus.Confirmed), tcp.Status.ToString());
        Assert.InRange(tcp.Timeout!.Value, TimeSpan.FromSeconds(280), TimeSpan.FromSeconds(300));
        Assert.NotEqual(0u, tcp.Id);
        Assert.True(tcp.IsActive);
        var udp = Assert.Single(entries, e => e.Protocol == ProtocolType.Udp);
        Assert.Equal("udp 10.1.0.3:5353 -> 203.0.113.10:53", udp.Original.ToString());
        Assert.Null(udp.TcpState);
        Assert.False(udp.IsActive);

        // conntrack -L prints the id with -o id: the same number.
        var listed = ns.Exec("conntrack", "-L", "-p", "tcp", "-o", "id");
        Assert.Contains("id=" + tcp.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), listed, StringComparison.Ordinal);
    }

    [ConntrackPrivilegedFact]
    public void Kernel_side_filter_returns_exactly_what_conntrack_L_with_the_same_filter_returns()
    {
        using var ns = new TestNamespace("ftct");
        using (var seeder = new ConntrackSeeder(ns.Name))
        {
            seeder.Create(Flows(Vip, 80, ServerA, 8080, mark: 1, count: 30, firstPort: 10000)
                .Concat(Flows(Vip, 80, ServerB, 8080, mark: 2, count: 20, firstPort: 20000))
                .Concat(Flows(Vip, 443, ServerA, 8443, mark: 3, count: 10, firstPort: 30000)));
        }

        using var client = ConntrackClient.Open(ns.Name);
        var toA = client.List(new ConntrackFilter { Protocol = ProtocolType.Tcp, OriginalDestination = Vip, OriginalDestinationPort = 80, ReplySource = ServerA });
        var byMark = client.List(new ConntrackFilter { Mark = 2 });
        var byReplyPort = client.List(new ConntrackFilter { Protocol = ProtocolType.Tcp, ReplySource = ServerA, ReplySourcePort = 8443 });

        Assert.Equal(30, toA.Count);
        Assert.All(toA, e => Assert.Equal((80, ServerA), (e.Original.DestinationPort, e.Reply.Source)));
        Assert.Equal(20, byMark.Count);
        Assert.Equal(10, byReplyPort.Count);
        Assert.Equal(30, CountLines(ns.Exec("conntrack", "-L", "-p", "tcp", "--orig-dst", "203.0.113.10", "--dport", "80", "--reply-src", "10.2.0.2")));
        Assert.Equal(20, CountLines(ns.Exec("conntrack", "-L", "--mark", "2")));
    }

    [ConntrackPrivilegedFact]
    public void DeleteFlowsTo_deletes_the_port_range_flows_to_one_server_and_a_second_delete_finds_them_vanished()
    {
        using var ns = new TestNamespace("ftct");
        using (var seeder = new ConntrackSeeder(ns.Name))
        {
            seeder.Create(Flows(Vip, 8000, ServerA, 8000, mark: 1, count: 300, firstPort: 10000)
                .Concat(Flows(Vip, 8001, ServerA, 8001, mark: 1, count: 300, firstPort: 10000))
                .Concat(Flows(Vip, 8002, ServerA, 8002, mark: 1, count: 5, firstPort: 10000))
                .Concat(Flows(Vip, 8000, ServerB, 8000, mark: 2, count: 200, firstPort: 20000)));
        }

        using var client = new ConntrackClient(NetlinkClient.Open(NetlinkProtocol.Netfilter, ns.Name), deleteBatchSize: 64);
        var selector = new ConntrackFlowSelector(L4Protocol.Tcp, Vip, new PortRange(8000, 8001), ServerA);
        var before = client.List(selector.ToFilter()).Where(selector.Matches).ToList();

        var deleted = client.DeleteFlowsTo(selector);
        var again = client.Delete(before);

        Assert.Equal(600, before.Count);
        Assert.Equal(600, deleted);
        Assert.Equal(new ConntrackDeleteResult(600, 0, 600), again);
        Assert.Equal(205, client.List().Count);
        Assert.Equal(5, CountLines(ns.Exec("conntrack", "-L", "--reply-src", "10.2.0.2")));
        Assert.Equal(200, CountLines(ns.Exec("conntrack", "-L", "--reply-src", "10.2.0.3")));
    }

    [ConntrackPrivilegedFact]
    public void Delete_with_another_id_than_the_entry_has_now_leaves_the_entry_alone()
    {
        // The kernel's id is a hash of the entry's address and tuple (nf_ct_get_id), so a flow
        // re-created right after a delete may get the very same id back from the slab; a
        // different id is what a tuple reused by another connection since the dump looks like.
        using var ns = new TestNamespace("ftct");
        using (var seeder = new ConntrackSeeder(ns.Name))
        {
            seeder.Create(Flows(Vip, 80, ServerA, 8080, mark: 1, count: 1, firstPort: 10000));
        }

        using var client = ConntrackClient.Open(ns.Name);
        var entry = Assert.Single(client.List());

        var stale = client.Delete(entry with { Id = entry.Id ^ 1 });
        var exact = client.Delete(entry);

        Assert.False(stale);
        Assert.True(exact);
        Assert.Empty(client.List());
    }

    [ConntrackPrivilegedFact]
    public void FlushByMark_deletes_every_entry_with_the_masked_mark_in_its_own_namespace_only()
    {
        using var ns = new TestNamespace("ftct");
        using var other = new TestNamespace("ftct");
        using (var seeder = new ConntrackSeeder(ns.Name))
        {
            seeder.Create(Flows(Vip, 80, ServerA, 8080, mark: 0x101, count: 300, firstPort: 10000)
                .Concat(Flows(Vip, 80, ServerB, 8080, mark: 0x102, count: 40, firstPort: 20000))
                .Concat(Flows(Vip, 443, ServerB, 8443, mark: 0x103, count: 30, firstPort: 30000))
                .Concat(Flows(Vip, 22, ServerA, 22, mark: 0x201, count: 20, firstPort: 40000)));
        }

        using (var seeder = new ConntrackSeeder(other.Name))
        {
            seeder.Create(Flows(Vip, 80, ServerA, 8080, mark: 0x101, count: 10, firstPort: 10000));
        }

        using var client = ConntrackClient.Open(ns.Name);
        client.FlushByMark([0x101, 0x103]);
        client.FlushByMark([0x7777]);
        client.FlushByMark([0x01], markMask: 0xff);

        var left = client.List();
        Assert.Equal(40, left.Count);
        Assert.All(left, e => Assert.Equal(0x102u, e.Mark));
        Assert.Equal(40, CountLines(ns.Exec("conntrack", "-L")));
        Assert.Equal(10, CountLines(other.Exec("conntrack", "-L", "--mark", "0x101")));
    }

    [ConntrackPrivilegedFact]
    public void CountByMark_groups_by_masked_mark_and_splits_active_from_inactive()
    {
        using var ns = new TestNamespace("ftct");
        using (var seeder = new ConntrackSeeder(ns.Name))
        {
            seeder.Create(Flows(Vip, 80, ServerA, 8080, mark: 0x101, count: 7, firstPort: 10000)
                .Concat(Flows(Vip, 80, ServerB, 8080, mark: 0x102, count: 4, firstPort: 20000))
                .Concat(Flows(Vip, 80, ServerB, 8080, mark: 0x102, count: 2, firstPort: 30000).Select(f => f with { TcpState = ConntrackTcpState.TimeWait }))
                .Concat(Flows(IPAddress.Parse("198.51.100.1"), 22, ServerA, 22, mark: 0, count: 3, firstPort: 40000)));
        }

        using var client = ConntrackClient.Open(ns.Name);
        var counts = client.CountByMark();
        var low = client.CountByMark(0xff);

        Assert.Equal(2, counts.Count);
        Assert.Equal(new ConnectionCounts(7, 0, 0, 0), counts[0x101]);
        Assert.Equal(new ConnectionCounts(4, 2, 0, 0), counts[0x102]);
        Assert.Equal(counts[0x101], low[0x01]);
        Assert.Equal(6, low[0x02].Total);
    }

    [ConntrackPrivilegedFact]
    public void Read_reports_the_namespaces_entries_the_limit_and_the_per_cpu_counters_summed_as_conntrack_C_and_S_do()
    {
        using var ns = new TestNamespace("ftct");
        using (var seeder = new ConntrackSeeder(ns.Name))
        {
            seeder.Create(Flows(Vip, 80, ServerA, 8080, mark: 1, count: 300, firstPort: 10000));
        }

        using var client = ConntrackClient.Open(ns.Name);

        var statistics = client.Read();

        Assert.Equal(300, statistics.Entries);
        Assert.Equal(ns.Exec("conntrack", "-C").Trim(), statistics.Entries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(long.Parse(File.ReadAllText("/proc/sys/net/netfilter/nf_conntrack_max").Trim(), System.Globalization.CultureInfo.InvariantCulture), statistics.MaxEntries);
        Assert.Equal(SumOf(ns.Exec("conntrack", "-S"), "early_drop"), statistics.EarlyDrops);
        Assert.Equal(SumOf(ns.Exec("conntrack", "-S"), "drop"), statistics.Drops);
        Assert.Equal(SumOf(ns.Exec("conntrack", "-S"), "insert_failed"), statistics.InsertFailed);
    }

    /// <summary>The sum over the CPUs' lines of <c>conntrack -S</c> of counter <paramref name="name"/>.</summary>
    private static ulong SumOf(string stats, string name) =>
        (ulong)stats.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(field => field.StartsWith(name + "=", StringComparison.Ordinal))
            .Sum(field => long.Parse(field[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    internal static IEnumerable<ConntrackEntry> Flows(IPAddress vip, ushort vipPort, IPAddress server, ushort serverPort, uint mark, int count, int firstPort)
    {
        for (var i = 0; i < count; i++)
        {
            // Clients 10.1.x.y; ports cycle so that each (client, port) pair is unique.
            var client = new IPAddress([10, 1, (byte)(i / 250 % 250), (byte)(1 + (i % 250))]);
            yield return ConntrackSeeder.DnatFlow(client, (ushort)(firstPort + (i / 62500)), vip, vipPort, server, serverPort, mark);
        }
    }

    internal static int CountLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => !line.StartsWith("conntrack v", StringComparison.Ordinal));
}
