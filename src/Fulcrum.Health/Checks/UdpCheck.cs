using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Health.Checks;

/// <summary>
/// Sends <c>send</c> in one datagram; healthy when a reply arrives (containing <c>expect</c>, when set).
/// The socket is connected, so an ICMP port unreachable comes back as "refused" instead of a timeout.
/// </summary>
internal sealed class UdpCheck(ProbeSocketFactory sockets)
{
    private const int MaxDatagram = 64 * 1024;

    public async ValueTask<ProbeResult> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var probe = (UdpProbe)target.Check.Probe;
        string phase = "sending";
        try
        {
            using Socket socket = sockets.Create(target.Address, SocketType.Dgram, ProtocolType.Udp, target.Source);
            await socket.ConnectAsync(new IPEndPoint(target.Address, target.Port ?? 0), cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(Encoding.UTF8.GetBytes(probe.Send), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            phase = "waiting for a reply";
            byte[] buffer = new byte[MaxDatagram];
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (probe.Expect is { } expect && !Encoding.UTF8.GetString(buffer, 0, length).Contains(expect, StringComparison.Ordinal))
            {
                return ProbeResult.Failed(ProbeOutcome.Mismatch, $"reply mismatch: no '{Http.HttpResponseReader.Printable(expect)}' in {length} bytes");
            }

            return ProbeResult.Healthy($"reply of {length} bytes");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return ProbeFailures.From(e, target, phase, cancellationToken);
        }
    }
}
