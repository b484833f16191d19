using System.Diagnostics;
using System.Globalization;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;
using Xunit.Abstractions;

namespace Fulcrum.Integration.Tests.Netlink;

/// <summary>
/// The data plane's latency goal: one real-server change must cost the same with 10 or 10,000
/// services loaded (libnftables re-reads the whole ruleset per command; a netlink batch does not).
/// Prints the measurements; asserts only a loose bound, since the machine's cores are shared.
/// </summary>
public sealed class NftScaleMeasurementTests(ITestOutputHelper output)
{
    private const string Table = "fulcrum";
    private const NftFamily Ip = NftFamily.Ip;
    private const int Changes = 200;

    [NetlinkPrivilegedFact]
    public void One_element_change_costs_the_same_with_10_and_10000_services()
    {
        var small = Measure(10);
        var large = Measure(10_000);

        Assert.True(large.MedianChange < TimeSpan.FromMilliseconds(20), $"median element change with 10,000 services: {large.MedianChange.TotalMilliseconds} ms");
        Assert.True(large.MedianChange.TotalMilliseconds < 10 * Math.Max(small.MedianChange.TotalMilliseconds, 0.2), "an element change must not grow with the ruleset");
    }

    private (TimeSpan Create, TimeSpan MedianChange) Measure(int services)
    {
        using var ns = new TestNamespace();
        using var client = NftablesClient.Open(ns.Name);

        var batch = new NftBatch()
            .AddTable(Ip, Table)
            .AddSet(NftSet.AddressPortVerdictMap(Ip, Table, "services"))
            .AddChain(Ip, Table, "prerouting", new NftBaseChain(NftChainType.Nat, NftHook.Prerouting, NftChainPriority.DestinationNat));
        for (var i = 0; i < services; i++)
        {
            var name = "svc" + i.ToString(CultureInfo.InvariantCulture);
            batch.AddSet(NftSet.IndexToAddressPortMap(Ip, Table, name + "_backends"))
                .AddChain(Ip, Table, name)
                .AddRule(Ip, Table, name,
                    new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg32_00),
                    new CmpExpression(NftRegister.Reg32_00, NftCmpOperator.Equal, NftData.FromByte(6)),
                    new NumgenExpression(NftNumgenType.Incremental, 2, NftRegister.Reg32_00),
                    new LookupExpression(name + "_backends", NftRegister.Reg32_00, NftRegister.Reg32_00),
                    new NatExpression(NftNatType.Destination, Ip, NftRegister.Reg32_00, NftRegister.Reg32_01))
                .AddElements(Ip, Table, name + "_backends", [LvsNatRuleset.Backend(0, "192.168.20.11", 8080), LvsNatRuleset.Backend(1, "192.168.20.12", 8080)]);
        }

        var create = Stopwatch.StartNew();
        client.Commit(batch);
        create.Stop();

        var add = new List<double>(Changes);
        var delete = new List<double>(Changes);
        var element = LvsNatRuleset.Backend(2, "192.168.20.13", 8080);
        for (var i = 0; i < Changes; i++)
        {
            var watch = Stopwatch.StartNew();
            client.Commit(new NftBatch().AddElements(Ip, Table, "svc0_backends", [element]));
            add.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            client.Commit(new NftBatch().DeleteElements(Ip, Table, "svc0_backends", [element]));
            delete.Add(watch.Elapsed.TotalMilliseconds);
        }

        var median = TimeSpan.FromMilliseconds(Percentile(add, 0.5) + Percentile(delete, 0.5));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{services,6} services ({batch.Count} commands, {services} chains + {services + 1} maps + {services} rules): create {create.Elapsed.TotalMilliseconds:F0} ms; " +
            $"add element median {Percentile(add, 0.5):F3} ms p99 {Percentile(add, 0.99):F3} ms; delete median {Percentile(delete, 0.5):F3} ms p99 {Percentile(delete, 0.99):F3} ms"));
        return (create.Elapsed, median);
    }

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(percentile * sorted.Count))];
    }
}
