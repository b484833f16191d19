using System.Diagnostics;
using System.Text.RegularExpressions;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Systemd;

/// <summary>
/// The Debian package on two Debian 12 containers with a real systemd, one in each balancer
/// namespace of a lab of their own. The package (<c>scripts/package</c>) and the container root
/// (<c>scripts/lib/container-rootfs</c>, cached) are built once per run: <c>scripts/test</c> builds
/// them before the tests and passes them in <c>FULCRUM_TEST_DEB</c> and <c>FULCRUM_TEST_ROOTFS</c>;
/// without those the fixture builds them itself. Both containers boot and get the package installed
/// with apt; what happens next is the tests' (<see cref="SystemdPackageTests"/>).
/// </summary>
public sealed partial class SystemdPairFixture : IAsyncLifetime
{
    private OwnedLab? _owned;
    private DirectoryInfo? _work;

    public string Deb { get; private set; } = "";

    public string Rootfs { get; private set; } = "";

    public NetworkLab Lab => _owned?.Lab ?? throw new InvalidOperationException("the lab was not built");

    internal NspawnContainer Lb1 { get; private set; } = null!;

    internal NspawnContainer Lb2 { get; private set; } = null!;

    /// <summary>How long the fixture's steps took, for the test output.</summary>
    public List<string> Timings { get; } = [];

    /// <summary>A directory for files the tests make (the repacked packages).</summary>
    public string Work => _work!.FullName;

    public async Task InitializeAsync()
    {
        if (ContainerFactAttribute.SkipReason is not null)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        Deb = Path.GetFullPath(
            Environment.GetEnvironmentVariable("FULCRUM_TEST_DEB") is { Length: > 0 } deb ? deb : await ScriptAsync("scripts/package"),
            FulcrumProcess.RepoRoot);
        Timings.Add($"package {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        Rootfs = Path.GetFullPath(
            Environment.GetEnvironmentVariable("FULCRUM_TEST_ROOTFS") is { Length: > 0 } rootfs ? rootfs : await ScriptAsync("scripts/lib/container-rootfs"),
            FulcrumProcess.RepoRoot);
        Timings.Add($"container root {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();

        await TestLabOwners.SweepAbandonedAsync();
        _owned = OwnedLab.Create();
        await _owned.Lab.UpAsync();
        _work = Directory.CreateTempSubdirectory("fulcrum-nspawn-");
        var topology = _owned.Lab.Topology;
        var lb1 = NspawnContainer.BootAsync(topology.Prefix + "lb1", Rootfs, topology.Balancers[0].Namespace, Work);
        var lb2 = NspawnContainer.BootAsync(topology.Prefix + "lb2", Rootfs, topology.Balancers[1].Namespace, Work);
        try
        {
            await Task.WhenAll(lb1, lb2);
        }
        finally
        {
            // Whichever booted is kept, so DisposeAsync powers it off even when the other failed.
            Lb1 = lb1.IsCompletedSuccessfully ? lb1.Result : null!;
            Lb2 = lb2.IsCompletedSuccessfully ? lb2.Result : null!;
        }

        Timings.Add($"lab and two containers booted {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();

        await Task.WhenAll(InstallAsync(Lb1, Deb), InstallAsync(Lb2, Deb));
        Timings.Add($"apt install in both {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Copies a package into the container and installs it with apt, as an operator would.</summary>
    internal static async Task<string> InstallAsync(NspawnContainer container, string deb, params string[] aptOptions)
    {
        string inside = "/root/" + Path.GetFileName(deb);
        File.Copy(deb, container.PathOf(inside), overwrite: true);
        return await container.CheckAsync(["apt-get", "install", "-y", "-q", .. aptOptions, inside]);
    }

    /// <summary>examples/lab.yaml as an operator would adapt it: 1 s adverts (see the README), preemption at once.</summary>
    public static string LabConfig(int rs3Weight = 1)
    {
        var text = File.ReadAllText(Path.Combine(FulcrumProcess.RepoRoot, "examples", "lab.yaml"));
        text = AdvertLine().Replace(text, "  advert: 1s", 1);
        text = PreemptDelayLine().Replace(text, "  preempt_delay: 0s", 1);
        return text.Replace("{ address: 192.168.20.13:80, weight: 1 }", $"{{ address: 192.168.20.13:80, weight: {rs3Weight} }}", StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        foreach (var container in new[] { Lb1, Lb2 })
        {
            if (container is not null)
            {
                await container.DisposeAsync();
            }
        }

        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }

        _work?.Delete(recursive: true);
    }

    // Runs a build script of the repository and returns the last line it printed (the path it made).
    private static async Task<string> ScriptAsync(string script)
    {
        var (exit, stdout, stderr) = await NspawnContainer.RunAsync(TimeSpan.FromMinutes(20), Path.Combine(FulcrumProcess.RepoRoot, script));
        Assert.True(exit == 0, $"{script} failed ({exit}):\n{stderr}");
        return stdout.Trim().Split('\n')[^1];
    }

    [GeneratedRegex(@"^  advert: \S+", RegexOptions.Multiline)]
    private static partial Regex AdvertLine();

    [GeneratedRegex(@"^  preempt_delay: \S+", RegexOptions.Multiline)]
    private static partial Regex PreemptDelayLine();
}
