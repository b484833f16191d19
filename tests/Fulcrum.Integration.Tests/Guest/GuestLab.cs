using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>
/// A guest-side fixture (a constructor parameter of a guest test class): the lab, built once per
/// boot with the real program — <c>./fulcrum lab up --prefix ftXXX-</c> — and taken down with
/// <c>./fulcrum lab down</c> at the end of the group. Under TCG the build takes ~30 s: share it.
/// </summary>
public sealed class GuestLab : IAsyncLifetime
{
    private NetworkLab? _lab;

    /// <summary>The lab the CLI built (its topology, to address its nodes).</summary>
    public NetworkLab Lab => _lab ?? throw new InvalidOperationException("the lab is not up");

    /// <summary>The lab's name prefix.</summary>
    public string Prefix => Lab.Topology.Prefix;

    public async Task InitializeAsync()
    {
        var prefix = TestPrefix.New();
        var (exit, stdout, stderr) = await FulcrumProcess.RunAsync("lab", "up", "--prefix", prefix);
        if (exit != 0)
        {
            throw new InvalidOperationException($"fulcrum lab up --prefix {prefix} exited {exit}:\n{stdout}\n{stderr}");
        }

        _lab = NetworkLab.Create(LabTopology.Create(prefix));
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await FulcrumProcess.RunAsync("lab", "down", "--prefix", _lab.Topology.Prefix);
        }
    }
}
