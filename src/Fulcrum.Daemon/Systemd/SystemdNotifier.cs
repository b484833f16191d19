using System.Net.Sockets;
using System.Text;

namespace Fulcrum.Daemon.Systemd;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram per notification to the AF_UNIX socket named by
/// <c>NOTIFY_SOCKET</c> (a path, or an abstract name starting with <c>@</c>). Does nothing when the
/// variable is not set (not started by systemd with <c>Type=notify</c>).
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;

    public SystemdNotifier(string? notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        // An abstract socket name starts with a NUL byte; systemd writes it as '@'.
        _endpoint = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>Whether notifications go anywhere.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>The watchdog interval systemd asked for (<c>WATCHDOG_USEC</c> for this pid), or null.</summary>
    public static TimeSpan? WatchdogInterval(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!long.TryParse(environment("WATCHDOG_USEC"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }

        var pid = environment("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(usec);
    }

    /// <summary>Sends <paramref name="state"/> (e.g. <c>READY=1</c>); false when it could not be sent.</summary>
    public bool Notify(string state)
    {
        if (_socket is null || _endpoint is null)
        {
            return false;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), _endpoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket?.Dispose();
}
