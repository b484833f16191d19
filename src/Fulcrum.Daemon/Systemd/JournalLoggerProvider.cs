using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Daemon.Systemd;

/// <summary>
/// Logs straight to the systemd journal over its native protocol (the socket
/// <c>/run/systemd/journal/socket</c>), so each entry carries its priority and Fulcrum's own fields
/// — event id and name, node, cluster, and every message parameter such as the VRRP instance, the
/// service or the real server (<see cref="JournalRecord"/>): <c>journalctl FULCRUM_SERVICE=web</c>,
/// <c>journalctl -o json</c>. Used when systemd connected the daemon's output to the journal
/// (<c>JOURNAL_STREAM</c>); an entry the socket refuses goes to stderr, which is the journal too.
/// </summary>
internal sealed class JournalLoggerProvider : ILoggerProvider
{
    /// <summary>Where journald listens for native-protocol datagrams.</summary>
    public const string SocketPath = "/run/systemd/journal/socket";

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _journal;
    private readonly KeyValuePair<string, string>[] _common;

    public JournalLoggerProvider(string socketPath, IEnumerable<KeyValuePair<string, string>> common)
    {
        _journal = new UnixDomainSocketEndPoint(socketPath);
        _common = [.. common];
    }

    /// <summary>Whether the daemon's output goes to the journal and its socket is there.</summary>
    public static bool IsAvailable(Func<string, string?> environment) =>
        !string.IsNullOrEmpty(environment("JOURNAL_STREAM")) && File.Exists(SocketPath);

    public ILogger CreateLogger(string categoryName) => new JournalLogger(this, categoryName);

    public void Dispose() => _socket.Dispose();

    private void Write(List<KeyValuePair<string, string>> fields)
    {
        try
        {
            _socket.SendTo(JournalRecord.Serialize(fields), _journal);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Too large for a datagram, or journald is restarting: the line still reaches the journal through stderr.
            Console.Error.WriteLine($"<{fields.First(f => f.Key == "PRIORITY").Value}>{fields[0].Value}");
        }
    }

    private sealed class JournalLogger(JournalLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (!IsEnabled(logLevel))
            {
                return;
            }

            provider.Write(JournalRecord.Fields(
                logLevel, category, eventId, formatter(state, exception), exception, state as IEnumerable<KeyValuePair<string, object?>>, provider._common));
        }
    }
}
