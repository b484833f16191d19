using System.Net;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// One interface's receive path: every datagram through <see cref="VrrpReceiveFilter"/>, every
/// rejection counted by reason, and logged at most once per <see cref="LogInterval"/> per reason
/// (with the number suppressed), so a flood of bad datagrams cannot flood the log.
/// Used by the engine's node threads under its lock; not thread-safe.
/// </summary>
public sealed class VrrpReceivePath
{
    /// <summary>Minimum time between two log lines for the same rejection reason.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly string _interface;
    private readonly VrrpReceiveFilter _filter;
    private readonly VrrpMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long[] _lastLogged;
    private readonly long[] _suppressed;

    /// <summary>Creates the path for <paramref name="interfaceName"/>.</summary>
    public VrrpReceivePath(string interfaceName, VrrpReceiveFilter filter, VrrpMetrics metrics, ILogger logger, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _interface = interfaceName;
        _filter = filter;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        var reasons = Enum.GetValues<VrrpRejectReason>().Length;
        _lastLogged = new long[reasons];
        _suppressed = new long[reasons];
        Array.Fill(_lastLogged, long.MinValue);
    }

    /// <summary>Checks one datagram (IPv4 header included); true with the advert and its source when accepted.</summary>
    public bool TryAccept(ReadOnlySpan<byte> datagram, out VrrpAdvertisement? advertisement, out IPAddress? source)
    {
        var reason = _filter.Check(datagram, out advertisement, out source);
        if (reason == VrrpRejectReason.None)
        {
            _metrics.Received(_interface);
            return true;
        }

        _metrics.Rejected(_interface, reason);
        ReportRejection(datagram, reason);
        return false;
    }

    private void ReportRejection(ReadOnlySpan<byte> datagram, VrrpRejectReason reason)
    {
        var index = (int)reason;
        var now = _time.GetTimestamp();
        if (_lastLogged[index] != long.MinValue && _time.GetElapsedTime(_lastLogged[index], now) < LogInterval)
        {
            _suppressed[index]++;
            return;
        }

        var source = datagram.Length >= 20 ? new IPAddress(datagram.Slice(12, 4)).ToString() : "?";
        VrrpLog.Rejected(_logger, _interface, source, reason, _suppressed[index]);
        _lastLogged[index] = now;
        _suppressed[index] = 0;
    }
}
