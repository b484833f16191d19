using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fulcrum.Integration.Tests.Netlink;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>
/// keepalived 2.2.7 (<c>--vrrp</c> only, in the foreground) as the peer in a lab balancer's
/// namespace, configured like Fulcrum's lab: instances public (eth0) and private (eth1) in one
/// sync group. Stopped by pid: SIGTERM for a graceful stop (priority 0), SIGKILL for a crash.
/// </summary>
internal sealed class KeepalivedNode : IDisposable
{
    private readonly string _directory;
    private readonly Process _process;

    private KeepalivedNode(string directory, Process process)
    {
        _directory = directory;
        _process = process;
    }

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    private string LogPath => Path.Combine(_directory, "keepalived.log");

    public static string Config(int version, TimeSpan advert, byte priority, bool preempt, string? password = null)
    {
        var interval = version == 2
            ? ((int)advert.TotalSeconds).ToString(CultureInfo.InvariantCulture)
            : advert.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"global_defs {{\n  router_id fulcrum-test\n  vrrp_version {version}\n  script_user root\n  enable_script_security\n}}\n");
        text.Append("vrrp_sync_group lab {\n  group {\n    public\n    private\n  }\n}\n");
        foreach (var (name, device, vip) in new[] { ("public", "eth0", "203.0.113.100/24"), ("private", "eth1", "192.168.20.254/24") })
        {
            text.Append(CultureInfo.InvariantCulture, $"vrrp_instance {name} {{\n  state BACKUP\n  interface {device}\n  virtual_router_id 51\n");
            text.Append(CultureInfo.InvariantCulture, $"  priority {priority}\n  advert_int {interval}\n{(preempt ? "" : "  nopreempt\n")}");
            if (password is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  authentication {{\n    auth_type PASS\n    auth_pass {password}\n  }}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"  virtual_ipaddress {{\n    {vip} dev {device}\n  }}\n}}\n");
        }

        return text.ToString();
    }

    public static KeepalivedNode Start(string networkNamespace, string config)
    {
        EnsureInstalled();
        var directory = Path.Combine(Path.GetTempPath(), "fulcrum-ka-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var configPath = Path.Combine(directory, "keepalived.conf");
        File.WriteAllText(configPath, config);
        // exec all the way down, so the pid is keepalived's parent; its console log goes to a file.
        var command = string.Join(' ', [
            "exec", "ip", "netns", "exec", networkNamespace, "keepalived", "--dont-fork", "--vrrp", "--log-console", "--log-detail",
            "--use-file=" + configPath,
            "--pid=" + Path.Combine(directory, "keepalived.pid"),
            "--vrrp_pid=" + Path.Combine(directory, "vrrp.pid"),
            ">" + Path.Combine(directory, "keepalived.log"), "2>&1"]);
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);

        return new KeepalivedNode(directory, Process.Start(start) ?? throw new InvalidOperationException("could not start keepalived"));
    }

    /// <summary>Graceful stop: keepalived's master sends priority 0 and removes its VIPs.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            Signal(_process.Id, 15);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                Kill();
            }
        }
    }

    /// <summary>Crash: SIGKILL to the VRRP child and the parent, by pid.</summary>
    public void Kill()
    {
        var vrrpPidFile = Path.Combine(_directory, "vrrp.pid");
        if (File.Exists(vrrpPidFile) && int.TryParse(File.ReadAllText(vrrpPidFile).Trim(), CultureInfo.InvariantCulture, out var child))
        {
            Signal(child, 9);
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static void Signal(int pid, int signal)
    {
        try
        {
            ProcessRunner.Run("kill", "-" + signal.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void EnsureInstalled()
    {
        if (!File.Exists("/usr/sbin/keepalived"))
        {
            ProcessRunner.Run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "keepalived");
        }
    }
}
