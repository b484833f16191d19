using System.Collections.Concurrent;
using System.Diagnostics;
using Fulcrum.Core.Vrrp;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Linux.Vrrp;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>The command tracker with real child processes: exit status up/down, and a hanging command killed at its timeout.</summary>
public sealed class TrackCommandProcessTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Real_commands_report_up_and_down_and_a_hanging_one_is_killed_at_its_timeout()
    {
        var reports = new ConcurrentQueue<(string Name, bool Up)>();
        var marker = $"fulcrum-track-{Guid.NewGuid():N}";
        var script = Path.Combine(Path.GetTempPath(), marker + ".sh");
        var pids = Path.Combine(Path.GetTempPath(), marker + ".pids");

        // The hanging run writes its own pid and its child's: the test follows exactly those
        // processes (the tracker starts the next hanging run as soon as one is killed).
        await File.WriteAllTextAsync(
            script,
            $"#!/bin/sh\n[ \"$1\" = ok ] && exit 0\n[ \"$1\" = fail ] && exit 3\nsleep 30 &\necho $$ $! >> {pids}\nwait\nexit 0\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            VrrpCommandTracker Tracker(string argument) => new(
                new VrrpCommandTrackerOptions
                {
                    TrackedName = "command:" + argument,
                    Run = $"{script} {argument}",
                    // Generous: starting /bin/sh on a loaded 2-core machine can take hundreds of ms,
                    // and an "ok" run that overran its timeout would rightly count as down.
                    Interval = TimeSpan.FromSeconds(1),
                    Timeout = TimeSpan.FromSeconds(3),
                },
                new ProcessTrackCommand(),
                (name, up) => reports.Enqueue((name, up)),
                NullLogger.Instance,
                TimeProvider.System);

            await using var ok = Tracker("ok");
            await using var fail = Tracker("fail");
            await using var hang = Tracker("hang");
            var clock = Stopwatch.StartNew();
            ok.Start();
            fail.Start();
            hang.Start();

            Assert.True(await Eventually.TrueAsync(() => reports.Count >= 3, TimeSpan.FromSeconds(20)), string.Join(", ", reports));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
            Assert.Equal(
                [("command:fail", false), ("command:hang", false), ("command:ok", true)],
                reports.Take(3).OrderBy(r => r.Name, StringComparer.Ordinal));
            Assert.True(ok.IsUp);
            Assert.False(fail.IsUp);
            Assert.False(hang.IsUp);

            // The first hanging run was killed at its timeout (that is what reported it down),
            // together with its child: neither the shell nor its sleep outlives it.
            var first = (await File.ReadAllLinesAsync(pids))[0].Split(' ').Select(int.Parse).ToArray();
            Assert.Equal(2, first.Length);
            Assert.True(
                await Eventually.TrueAsync(() => first.All(pid => !Alive(pid)), TimeSpan.FromSeconds(5)),
                $"still running from the first hanging run: {string.Join(' ', first.Where(Alive))}");
        }
        finally
        {
            File.Delete(script);
            File.Delete(pids);
        }
    }

    /// <summary>True while the process exists and is not a zombie (a killed orphan may stay a zombie under a pid 1 that does not reap).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
