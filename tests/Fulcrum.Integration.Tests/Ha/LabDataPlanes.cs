using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Lab;
using Fulcrum.Linux.DataPlane;
using Fulcrum.Linux.Firewall;
using Fulcrum.Linux.Vrrp;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>The lab's balancers with the data plane and the firewall of an HA config applied (<c>fulcrum apply</c>), and removed again.</summary>
internal static class LabDataPlanes
{
    /// <summary><c>fulcrum apply CONFIG --node lbN --netns NS</c> on each balancer, lb1 first.</summary>
    public static async Task ApplyAsync(HaLabConfig config, IReadOnlyList<LabNode> balancers)
    {
        foreach (var (node, index) in balancers.Select((b, i) => (b, i)))
        {
            var applied = await FulcrumProcess.RunAsync("apply", config.Path, "--node", $"lb{index + 1}", "--netns", node.Namespace);
            Assert.True(applied.Exit == 0, applied.Stderr);
        }
    }

    /// <summary>Deletes what <see cref="ApplyAsync"/> wrote (the lab is shared with other tests); nothing when it was not applied.</summary>
    public static async Task RemoveAsync(IReadOnlyList<LabNode> balancers)
    {
        foreach (var node in balancers)
        {
            try
            {
                ProcessRunner.Run("ip", "netns", "exec", node.Namespace, "nft", "delete", "table", "ip", NftLayout.Table);
            }
            catch (InvalidOperationException)
            {
                // Not applied (the apply failed): nothing to remove.
            }

            using var firewall = NftFirewall.Open(node.Namespace);
            await firewall.RemoveAsync(CancellationToken.None);
        }
    }

    /// <summary>The flow hand-off's table in the namespace as nft lists it, or null when there is none.</summary>
    public static string? HandOffTable(string networkNamespace)
    {
        try
        {
            return ProcessRunner.Run("ip", "netns", "exec", networkNamespace, "nft", "list", "table", "ip", NftFlowHandOff.Table);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
