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
        await File.WriteAllTextAsync(script, "#!/bin/sh\n[ \"$1\" = ok ] && exit 0\n[ \"$1\" = fail ] && exit 3\nsleep 30\nexit 0\n");
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

            // The hanging run was killed with its child: no sleep of ours outlives its timeout for long.
            Assert.True(await Eventually.TrueAsync(() => !Running(script), TimeSpan.FromSeconds(5)), "the hanging script is still running");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static bool Running(string script) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => Path.Combine(d, "cmdline"))
            .Any(path =>
            {
                try
                {
                    return File.ReadAllText(path).Contains(script, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            });
}
