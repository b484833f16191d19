using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Lab;

/// <summary>A test lab with a fresh prefix, claimed for this process and always torn down on dispose.</summary>
internal sealed class OwnedLab : IAsyncDisposable
{
    private OwnedLab(NetworkLab lab) => Lab = lab;

    public NetworkLab Lab { get; }

    /// <summary>Claims a new prefix; the lab is not built yet.</summary>
    public static OwnedLab Create(int servers = LabTopology.DefaultServers)
    {
        var topology = LabTopology.Create(TestPrefix.New(), servers);
        TestLabOwners.Claim(topology.Prefix);
        return new OwnedLab(NetworkLab.Create(topology));
    }

    public async ValueTask DisposeAsync()
    {
        await Lab.DownAsync();
        TestLabOwners.Release(Lab.Topology.Prefix);
    }
}
