using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Core.Health.Dns;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Health.Checks;

/// <summary>
/// One DNS query over UDP (RFC 1035 §4.2.1); healthy when the response is NOERROR with at least one
/// answer. Datagrams that are not the response to this query (another ID) are ignored until the timeout.
/// </summary>
internal sealed class DnsCheck(ProbeSocketFactory sockets)
{
    // RFC 1035 §4.2.1 limits UDP messages to 512 bytes; EDNS0 servers may send more, which we read and accept.
    private const int MaxMessage = 4096;

    public async ValueTask<ProbeResult> RunAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var probe = (DnsProbe)target.Check.Probe;
        ushort type = DnsRecordTypes.Code(probe.Type);
        ushort id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1); // unpredictable, like any resolver's
        byte[] query = new byte[MaxMessage];
        int queryLength = DnsQuery.Write(query, id, probe.Query, type);
        string phase = "sending the query";
        try
        {
            using Socket socket = sockets.Create(target.Address, SocketType.Dgram, ProtocolType.Udp, target.Source);
            await socket.ConnectAsync(new IPEndPoint(target.Address, target.Port ?? 53), cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(query.AsMemory(0, queryLength), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            phase = "waiting for the answer";
            byte[] buffer = new byte[MaxMessage];
            while (true)
            {
                int length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (!DnsResponse.TryParse(buffer.AsSpan(0, length), id, probe.Query, type, out DnsResponse response, out string error))
                {
                    if (length >= 2 && (buffer[0] << 8 | buffer[1]) != id)
                    {
                        continue; // a stray or late datagram: keep waiting for ours
                    }

                    return ProbeResult.Failed(ProbeOutcome.ProtocolError, error);
                }

                return Judge(probe, response);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return ProbeFailures.From(e, target, phase, cancellationToken);
        }
    }

    internal static ProbeResult Judge(DnsProbe probe, DnsResponse response)
    {
        if (response.Rcode != DnsResponse.NoError)
        {
            return ProbeResult.Failed(ProbeOutcome.Mismatch, $"{DnsResponse.RcodeName(response.Rcode)} for {probe.Query} {probe.Type}");
        }

        if (response.MatchingAnswers == 0)
        {
            return ProbeResult.Failed(ProbeOutcome.Mismatch,
                $"NOERROR but no {probe.Type} record for {probe.Query} ({response.AnswerCount} answers{(response.Truncated ? ", truncated" : "")})");
        }

        return ProbeResult.Healthy($"{response.MatchingAnswers} {probe.Type} record(s) for {probe.Query}");
    }
}
