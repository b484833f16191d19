using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.Nftables;

/// <summary>
/// What this kernel's nf_tables accepts of the things that came after Linux 6.1 (Debian 12's
/// kernel), found by trial: each probe is a batch the kernel checks and aborts
/// (<see cref="NftablesClient.Check"/>), so nothing is created whatever the answer. The engines
/// choose an encoding by these flags, never by a version number (distributions backport).
/// </summary>
/// <param name="MapKeyMatch">
/// A lookup in a map without a destination register — "is this key in the map", its value
/// ignored (<c>ip daddr @some_map</c>). Linux 6.5 ("netfilter: nf_tables: relax set/map validation
/// checks"); before, nft_lookup_init refuses it with EINVAL. Without it the engines load the value
/// into a spare register and compare it with zero (no value of theirs is zero): the same match.
/// </param>
/// <param name="DestroyElements">
/// NFT_MSG_DESTROYSETELEM: delete set elements, ignoring the ones that are absent. Linux 6.3;
/// without it a destroy is an add and a delete of the same element in one transaction.
/// </param>
public sealed record NftKernelFeatures(bool MapKeyMatch, bool DestroyElements)
{
    /// <summary>Everything (a current kernel; unit tests).</summary>
    public static NftKernelFeatures All { get; } = new(MapKeyMatch: true, DestroyElements: true);

    /// <summary>What Linux 6.1 offers (Debian 12); for tests of the fallbacks on any kernel.</summary>
    public static NftKernelFeatures Linux61 { get; } = new(MapKeyMatch: false, DestroyElements: false);

    private const string ProbeTable = "fulcrum_probe";

    /// <summary>
    /// Probes the kernel behind <paramref name="client"/> (three small batches, each checked and
    /// aborted by the kernel).
    /// </summary>
    /// <exception cref="NetlinkException">nf_tables refused even the baseline (no nf_tables, no CAP_NET_ADMIN).</exception>
    public static NftKernelFeatures Probe(NftablesClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Check(Baseline());
        return new NftKernelFeatures(
            MapKeyMatch: Accepts(client, Baseline().AddRule(NftFamily.Ip, ProbeTable, "c",
                new MetaExpression(NftMetaKey.Mark, NftRegister.Reg32_00),
                new LookupExpression("m", NftRegister.Reg32_00))),
            DestroyElements: Accepts(client, Baseline().DestroyElements(NftFamily.Ip, ProbeTable, "s",
                [new NftSetElement(NftData.FromUInt32HostOrder(1))])));
    }

    /// <summary>
    /// One line per feature this kernel lacks: what it is, the kernel that brought it, and what
    /// Fulcrum does instead. Empty on a current kernel.
    /// </summary>
    public IReadOnlyList<string> DescribeMissing()
    {
        var missing = new List<string>();
        if (!MapKeyMatch)
        {
            missing.Add("map key matches (a lookup in a map that ignores the value) need Linux 6.5: the data plane loads the value " +
                "and compares it with zero instead (the same packets match; nft lists it as \"map @services != 0x0\")");
        }

        if (!DestroyElements)
        {
            missing.Add("destroy element (NFT_MSG_DESTROYSETELEM) needs Linux 6.3: counters and persistence entries that may be absent " +
                "are removed by an add and a delete in the same transaction instead");
        }

        return missing;
    }

    /// <summary>The kernel's release (<c>uname -r</c>), for messages.</summary>
    public static string KernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static NftBatch Baseline() => new NftBatch()
        .AddTable(NftFamily.Ip, ProbeTable)
        .AddSet(new NftSet(NftFamily.Ip, ProbeTable, "m", NftDataType.Mark, 4, NftSetFlags.Map, NftDataType.Mark, 4))
        .AddSet(new NftSet(NftFamily.Ip, ProbeTable, "s", NftDataType.Mark, 4))
        .AddChain(NftFamily.Ip, ProbeTable, "c");

    private static bool Accepts(NftablesClient client, NftBatch batch)
    {
        try
        {
            client.Check(batch);
            return true;
        }
        catch (NetlinkException)
        {
            // The baseline passed the same check: the probed command is what the kernel refused.
            return false;
        }
    }
}
