using System.Globalization;
using System.Text.RegularExpressions;
using Fulcrum.Core.Config;
using Fulcrum.Core.Vrrp;
using Fulcrum.Integration.Tests.Cli;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>
/// examples/lab.yaml with the HA settings a test needs, written to a temporary file (the CLI reads
/// it) and loaded into each node's engine settings (the in-process engine uses those).
/// </summary>
internal sealed partial class HaLabConfig : IDisposable
{
    public HaLabConfig(int version = 3, string advert = "100ms", bool preempt = true, byte lb1Priority = 150, byte lb2Priority = 100, string? password = null, string? scheduler = null, string? flowHandOff = null)
    {
        Version = version;
        Advert = DurationOf(advert);
        var text = File.ReadAllText(System.IO.Path.Combine(FulcrumProcess.RepoRoot, "examples", "lab.yaml"));
        text = Replace(text, VersionLine(), $"  version: {version}");
        text = Replace(text, AdvertLine(), $"  advert: {advert}" + (password is null ? "" : $"\n  auth: {{ type: password, password: {password} }}")
            + (flowHandOff is null ? "" : $"\n  flow_handoff: {flowHandOff}"));
        text = Replace(text, PreemptLine(), $"  preempt: {(preempt ? "true" : "false")}");
        text = Replace(text, PreemptDelayLine(), "  preempt_delay: 0s");
        text = Replace(text, Lb1PriorityLine(), $"  lb1:\n    priority: {lb1Priority}");
        text = Replace(text, Lb2PriorityLine(), $"  lb2:\n    priority: {lb2Priority}");
        if (scheduler is not null)
        {
            text = Replace(text, SchedulerLine(), $"    scheduler: {scheduler}");
        }

        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fulcrum-ha-" + Guid.NewGuid().ToString("N")[..8] + ".yaml");
        File.WriteAllText(Path, text);
        var loaded = ConfigLoader.Load(Path);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        Cluster = loaded.Config;
    }

    public string Path { get; }

    public ClusterConfig Cluster { get; }

    public int Version { get; }

    public TimeSpan Advert { get; }

    public VrrpNodeOptions OptionsFor(string node) => VrrpNodeOptionsFactory.Create(Cluster.ForNode(node));

    public void Dispose() => File.Delete(Path);

    private static TimeSpan DurationOf(string text) => text.EndsWith("ms", StringComparison.Ordinal)
        ? TimeSpan.FromMilliseconds(int.Parse(text[..^2], CultureInfo.InvariantCulture))
        : TimeSpan.FromSeconds(int.Parse(text[..^1], CultureInfo.InvariantCulture));

    private static string Replace(string text, Regex pattern, string replacement)
    {
        Assert.Matches(pattern, text);
        return pattern.Replace(text, replacement, 1);
    }

    [GeneratedRegex(@"^    scheduler: \S+", RegexOptions.Multiline)]
    private static partial Regex SchedulerLine();

    [GeneratedRegex(@"^  version: \d+", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^  advert: \S+", RegexOptions.Multiline)]
    private static partial Regex AdvertLine();

    [GeneratedRegex(@"^  preempt: \S+", RegexOptions.Multiline)]
    private static partial Regex PreemptLine();

    [GeneratedRegex(@"^  preempt_delay: \S+", RegexOptions.Multiline)]
    private static partial Regex PreemptDelayLine();

    [GeneratedRegex(@"^  lb1:\n    priority: \d+", RegexOptions.Multiline)]
    private static partial Regex Lb1PriorityLine();

    [GeneratedRegex(@"^  lb2:\n    priority: \d+", RegexOptions.Multiline)]
    private static partial Regex Lb2PriorityLine();
}
