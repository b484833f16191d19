using System.Net.Sockets;
using System.Text;
using Fulcrum.Daemon.Systemd;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>sd_notify datagrams arrive on a real AF_UNIX datagram socket, by path and by abstract name.</summary>
public sealed class SystemdNotifierTests
{
    [Fact]
    public void Ready_watchdog_and_stopping_arrive_as_datagrams_on_a_socket_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "fulcrum-notify-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            using var notifier = new SystemdNotifier(path);
            Assert.True(notifier.IsEnabled);
            Assert.True(notifier.Notify("READY=1\nSTATUS=running"));
            Assert.True(notifier.Notify("WATCHDOG=1"));
            Assert.True(notifier.Notify("STOPPING=1"));

            Assert.Equal(["READY=1\nSTATUS=running", "WATCHDOG=1", "STOPPING=1"], [Receive(listener), Receive(listener), Receive(listener)]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_abstract_socket_name_starting_with_at_is_reached()
    {
        var name = "fulcrum-notify-" + Guid.NewGuid().ToString("N")[..8];
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notifier = new SystemdNotifier("@" + name);

        Assert.True(notifier.Notify("READY=1"));
        Assert.Equal("READY=1", Receive(listener));
    }

    [Fact]
    public void Without_notify_socket_nothing_is_sent()
    {
        using var notifier = new SystemdNotifier(null);
        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify("READY=1"));
    }

    [Fact]
    public void The_watchdog_interval_is_read_for_this_process_only()
    {
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromSeconds(10), SystemdNotifier.WatchdogInterval(n => n == "WATCHDOG_USEC" ? "10000000" : n == "WATCHDOG_PID" ? pid : null));
        Assert.Null(SystemdNotifier.WatchdogInterval(n => n == "WATCHDOG_USEC" ? "10000000" : n == "WATCHDOG_PID" ? "1" : null));
        Assert.Null(SystemdNotifier.WatchdogInterval(_ => null));
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[256];
        socket.ReceiveTimeout = 5000;
        var length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
