using System.Collections.Concurrent;
using System.Diagnostics;

namespace Fulcrum.Integration.Tests.Daemon;

/// <summary><c>ip -n NS monitor address</c> for the length of a test: every address event the kernel sent.</summary>
internal sealed class AddressMonitor : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AddressMonitor(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
    }

    public static AddressMonitor Start(string ns)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "-n", ns, "monitor", "address" })
        {
            start.ArgumentList.Add(argument);
        }

        return new AddressMonitor(Process.Start(start)!);
    }

    /// <summary>Deletions of the lab's VIPs seen so far.</summary>
    public IReadOnlyList<string> Deleted() =>
        [.. _lines.Where(l => l.StartsWith("Deleted", StringComparison.Ordinal) && (l.Contains("203.0.113.100", StringComparison.Ordinal) || l.Contains("192.168.20.254", StringComparison.Ordinal)))];

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
