using System.Diagnostics.Metrics;

namespace Fulcrum.Daemon.Metrics;

/// <summary>
/// The meter <c>Fulcrum.ConnectionSync</c>: flows sent to and received from the peer, and what the
/// kernel did with the received ones.
/// </summary>
internal sealed class ConnectionSyncMetrics
{
    public const string MeterName = "Fulcrum.ConnectionSync";

    private static readonly KeyValuePair<string, object?> Established = new("operation", "established");
    private static readonly KeyValuePair<string, object?> Ended = new("operation", "ended");

    private readonly Counter<long> _sent;
    private readonly Counter<long> _datagramsSent;
    private readonly Counter<long> _sendErrors;
    private readonly Counter<long> _received;
    private readonly Counter<long> _applied;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _lost;
    private readonly Counter<long> _overruns;

    public ConnectionSyncMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _sent = meter.CreateCounter<long>("flows.sent", "{flow}", "Flows sent to the peer, by operation (established, ended).");
        _datagramsSent = meter.CreateCounter<long>("datagrams.sent", "{datagram}", "Sync datagrams sent to the peer.");
        _sendErrors = meter.CreateCounter<long>("send.errors", "{datagram}", "Sync datagrams the socket refused to send.");
        _received = meter.CreateCounter<long>("flows.received", "{flow}", "Flows received from the peer, by operation.");
        _applied = meter.CreateCounter<long>("flows.applied", "{flow}", "What conntrack did with received flows: inserted, existing, deleted, absent, failed.");
        _rejected = meter.CreateCounter<long>("datagrams.rejected", "{datagram}", "Datagrams dropped unread: from another address than the peer's, or malformed.");
        _lost = meter.CreateCounter<long>("datagrams.lost", "{datagram}", "Datagrams the peer sent that never arrived (gaps in its sequence).");
        _overruns = meter.CreateCounter<long>("event.overruns", "{overrun}", "Times the kernel dropped conntrack events (ENOBUFS); each is followed by sending every established flow again.");
    }

    public void Sent(ConntrackSyncCounts counts, int datagrams)
    {
        _sent.Add(counts.Established, Established);
        _sent.Add(counts.Ended, Ended);
        _datagramsSent.Add(datagrams);
    }

    public void SendFailed() => _sendErrors.Add(1);

    public void Received(ConntrackSyncCounts counts)
    {
        _received.Add(counts.Established, Established);
        _received.Add(counts.Ended, Ended);
    }

    public void Applied(string outcome, long count)
    {
        if (count > 0)
        {
            _applied.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Lost(long datagrams) => _lost.Add(datagrams);

    public void Overrun() => _overruns.Add(1);
}
