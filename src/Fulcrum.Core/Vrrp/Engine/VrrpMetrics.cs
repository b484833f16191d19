using System.Diagnostics.Metrics;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The VRRP subsystem's instruments (meter <c>Fulcrum.Vrrp</c>). Rejections are also kept as exact
/// per-reason totals, readable in-process (<see cref="RejectedTotal"/>) for logs and tests.
/// </summary>
public sealed class VrrpMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Fulcrum.Vrrp";

    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _sendFailures;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _gratuitousArps;
    private readonly Histogram<double> _timerLateness;
    private readonly Counter<long> _flowHandOffs;
    private readonly Counter<long> _flowHandOffPackets;
    private long _flowHandOffsTotal;
    private readonly long[] _rejectedTotals = new long[Enum.GetValues<VrrpRejectReason>().Length];

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public VrrpMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("adverts.received", "{advert}", "Adverts that passed every receive check.");
        _rejected = meter.CreateCounter<long>("adverts.rejected", "{datagram}", "Datagrams rejected by the receive checks, by reason.");
        _sent = meter.CreateCounter<long>("adverts.sent", "{advert}", "Adverts sent (one per destination).");
        _sendFailures = meter.CreateCounter<long>("adverts.send_failures", "{advert}", "Adverts the kernel refused to send.");
        _transitions = meter.CreateCounter<long>("transitions", "{transition}", "State changes, by instance and new state.");
        _gratuitousArps = meter.CreateCounter<long>("gratuitous_arp.sent", "{packet}", "Gratuitous ARP announcements sent.");
        _timerLateness = meter.CreateHistogram<double>("timer.lateness", "ms", "How late the VRRP thread fired a timer.");
        _flowHandOffs = meter.CreateCounter<long>("flow_handoff.opened", "{hand-off}", "Flow hand-offs opened after taking over from a live peer.");
        _flowHandOffPackets = meter.CreateCounter<long>("flow_handoff.packets", "{packet}", "Packets of flows this node did not know, sent back to the previous master, by interface.");
    }

    /// <summary>Exact number of flow hand-offs opened since start.</summary>
    public long FlowHandOffsOpened => Interlocked.Read(ref _flowHandOffsTotal);

    /// <summary>Counts <paramref name="packets"/> sent back to the previous master on <paramref name="interfaceName"/> (read when a hand-off ends).</summary>
    public void FlowHandOffPacketsSentBack(string interfaceName, long packets) =>
        _flowHandOffPackets.Add(packets, new KeyValuePair<string, object?>("interface", interfaceName));

    /// <summary>Exact number of datagrams rejected for <paramref name="reason"/> since start.</summary>
    public long RejectedTotal(VrrpRejectReason reason) => Interlocked.Read(ref _rejectedTotals[(int)reason]);

    /// <summary>Exact number of datagrams rejected for any reason since start.</summary>
    public long RejectedTotal()
    {
        long total = 0;
        for (var i = 0; i < _rejectedTotals.Length; i++)
        {
            total += Interlocked.Read(ref _rejectedTotals[i]);
        }

        return total;
    }

    internal void Received(string interfaceName) =>
        _received.Add(1, new KeyValuePair<string, object?>("interface", interfaceName));

    internal void Rejected(string interfaceName, VrrpRejectReason reason)
    {
        Interlocked.Increment(ref _rejectedTotals[(int)reason]);
        _rejected.Add(1, new KeyValuePair<string, object?>("interface", interfaceName), new KeyValuePair<string, object?>("reason", reason.ToString()));
    }

    internal void Sent(string instance) => _sent.Add(1, new KeyValuePair<string, object?>("instance", instance));

    internal void SendFailed(string instance) => _sendFailures.Add(1, new KeyValuePair<string, object?>("instance", instance));

    internal void Transition(string instance, VrrpState state) =>
        _transitions.Add(1, new KeyValuePair<string, object?>("instance", instance), new KeyValuePair<string, object?>("state", state.ToString()));

    internal void GratuitousArpSent(string interfaceName) =>
        _gratuitousArps.Add(1, new KeyValuePair<string, object?>("interface", interfaceName));

    internal void FlowHandOffOpened()
    {
        Interlocked.Increment(ref _flowHandOffsTotal);
        _flowHandOffs.Add(1);
    }

    internal void TimerLateness(TimeSpan lateness) => _timerLateness.Record(lateness.TotalMilliseconds);
}
