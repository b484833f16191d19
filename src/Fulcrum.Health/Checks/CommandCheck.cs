using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health.Interop;

namespace Fulcrum.Health.Checks;

/// <summary>
/// Runs the check's program: exit 0 is healthy, anything else is not. With <c>dynamic_weight</c> the
/// exit status follows keepalived's <c>misc_dynamic</c>: 0 healthy (weight unchanged), 1 unhealthy,
/// 2-255 healthy with weight = status - 2. The program learns which server to check from the
/// environment (<c>FULCRUM_SERVER_ADDRESS</c>, <c>FULCRUM_SERVER_PORT</c>). It runs in a session of
/// its own (<c>setsid</c>), so at the timeout its whole process group is killed, helpers included.
/// </summary>
internal sealed class CommandCheck(TimeProvider time)
{
    private const string Setsid = "/usr/bin/setsid";
    private const int KeptOutputBytes = 4096;
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    public async ValueTask<ProbeResult> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var probe = (CommandProbe)target.Check.Probe;
        string[] argv = probe.Run.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!File.Exists(argv[0]))
        {
            return ProbeResult.Failed(ProbeOutcome.CommandFailed, $"program {argv[0]} does not exist");
        }

        bool ownSession = File.Exists(Setsid);
        var start = new ProcessStartInfo(ownSession ? Setsid : argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in ownSession ? argv : argv[1..])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["FULCRUM_SERVER_ADDRESS"] = target.Address.ToString();
        start.Environment["FULCRUM_SERVER_PORT"] = target.Port?.ToString(CultureInfo.InvariantCulture) ?? "";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return ProbeResult.Failed(ProbeOutcome.CommandFailed, $"cannot start {argv[0]}: {e.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<byte[]> stdout = CaptureAsync(process.StandardOutput.BaseStream);
            Task<byte[]> stderr = CaptureAsync(process.StandardError.BaseStream);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                KillGroup(process.Id, ownSession);
                try
                {
                    await process.WaitForExitAsync(CancellationToken.None).WaitAsync(KillGrace, time, CancellationToken.None).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Unkillable (uninterruptible sleep): reported as a timeout all the same.
                }

                return ProbeFailures.Timeout(target, "(process group killed)");
            }

            string firstLine = await FirstLineAsync(stdout, stderr).ConfigureAwait(false);
            return Judge(probe, process.ExitCode, firstLine);
        }
    }

    internal static ProbeResult Judge(CommandProbe probe, int exitCode, string firstLine)
    {
        string detail = firstLine.Length > 0 ? $": {firstLine}" : "";
        if (exitCode == 0)
        {
            return ProbeResult.Healthy($"exit 0{detail}");
        }

        if (probe.DynamicWeight && exitCode is >= 2 and <= 255)
        {
            return ProbeResult.Healthy($"exit {exitCode}: weight {exitCode - 2}", (ushort)(exitCode - 2));
        }

        return ProbeResult.Failed(ProbeOutcome.CommandFailed, $"exit {exitCode}{detail}");
    }

    private static void KillGroup(int pid, bool ownSession)
    {
        // A negative pid signals the process group, which setsid made equal to the child's pid.
        if (LibC.Kill(ownSession ? -pid : pid, LibC.SIGKILL) != 0 && Marshal.GetLastPInvokeError() != LibC.ESRCH)
        {
            _ = LibC.Kill(pid, LibC.SIGKILL);
        }
    }

    // Keeps the first 4 KiB and drains the rest, so a chatty program never blocks on a full pipe.
    private static async Task<byte[]> CaptureAsync(Stream stream)
    {
        byte[] kept = new byte[KeptOutputBytes];
        byte[] scratch = new byte[KeptOutputBytes];
        int length = 0;
        try
        {
            while (true)
            {
                int read = await stream.ReadAsync(length < kept.Length ? kept.AsMemory(length) : scratch.AsMemory()).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length = Math.Min(kept.Length, length + (length < kept.Length ? read : 0));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe went away with the process.
        }

        return kept[..length];
    }

    // The first non-empty line of stderr, else of stdout, made printable; empty when there is none.
    private async Task<string> FirstLineAsync(Task<byte[]> stdout, Task<byte[]> stderr)
    {
        try
        {
            // A helper that escaped the group may hold the pipes open; do not wait for it.
            await Task.WhenAll(stdout, stderr).WaitAsync(OutputGrace, time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "";
        }

        foreach (byte[] output in new[] { stderr.Result, stdout.Result })
        {
            string? line = Encoding.UTF8.GetString(output)
                .Split('\n')
                .Select(l => l.Trim())
                .FirstOrDefault(l => l.Length > 0);
            if (line is not null)
            {
                return Http.HttpResponseReader.Printable(line);
            }
        }

        return "";
    }
}
