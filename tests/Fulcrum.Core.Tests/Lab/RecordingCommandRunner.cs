using System.Globalization;
using System.Text.Json;
using Fulcrum.Lab;

namespace Fulcrum.Core.Tests.Lab;

/// <summary>
/// A fake <see cref="ICommandRunner"/> that records every command and plays a tiny kernel: it remembers
/// namespaces, "starts" nginx by writing its pid file, and can be told to fail one command.
/// </summary>
internal sealed class RecordingCommandRunner(FakeProcessControl processes) : ICommandRunner
{
    private readonly List<string> _namespaces = [];
    private int _nextPid = 4000;

    public List<string> Commands { get; } = [];

    /// <summary>Namespace name → pids <c>ip netns pids</c> reports for it.</summary>
    public Dictionary<string, int[]> NamespacePids { get; } = [];

    /// <summary>A command line that exits 2 with an error, as the kernel would refuse it.</summary>
    public string? FailOn { get; set; }

    public IReadOnlyList<string> Namespaces => _namespaces;

    public void AddExistingNamespace(string name) => _namespaces.Add(name);

    public void RemoveNamespace(string name) => _namespaces.Remove(name);

    public Task<CommandResult> RunAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var line = string.Join(' ', argv);
        Commands.Add(line);
        if (line == FailOn)
        {
            return Task.FromResult(new CommandResult(argv, 2, "", "RTNETLINK answers: File exists\n"));
        }

        var output = argv switch
        {
            ["ip", "-j", "netns", "list"] => _namespaces.Count == 0 ? "" : JsonSerializer.Serialize(_namespaces.Select(n => new { name = n })),
            ["ip", "netns", "add", var ns] => Remember(() => _namespaces.Add(ns)),
            ["ip", "netns", "delete", var ns] => Remember(() => _namespaces.Remove(ns)),
            ["ip", "netns", "pids", var ns] => string.Concat(NamespacePids.GetValueOrDefault(ns, []).Select(p => $"{p}\n")),
            ["ip", "netns", "exec", _, "nginx", .., "-c", var config, "-e", _] => Remember(() => StartNginx(config)),
            ["ip", "netns", "exec", _, "ss", ..] => "LISTEN 0 511 0.0.0.0:80 0.0.0.0:*\n",
            _ => "",
        };
        return Task.FromResult(new CommandResult(argv, 0, output, ""));
    }

    private void StartNginx(string configPath)
    {
        var pid = _nextPid++;
        processes.Start(pid, $"nginx: master process nginx -c {configPath}");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(configPath)!, "nginx.pid"), pid.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    private static string Remember(Action effect)
    {
        effect();
        return "";
    }
}
