using Fulcrum.Lab;

namespace Fulcrum.Core.Tests.Lab;

/// <summary>A process table in memory: processes exit as soon as they are signalled.</summary>
internal sealed class FakeProcessControl : IProcessControl
{
    private readonly Dictionary<int, string> _running = [];

    public List<string> Signals { get; } = [];

    public void Start(int pid, string commandLine) => _running[pid] = commandLine;

    public bool IsRunning(int pid) => _running.ContainsKey(pid);

    public string? ReadCommandLine(int pid) => _running.GetValueOrDefault(pid);

    public void Terminate(int pid)
    {
        Signals.Add($"TERM {pid}");
        _running.Remove(pid);
    }

    public void Kill(int pid)
    {
        Signals.Add($"KILL {pid}");
        _running.Remove(pid);
    }
}
