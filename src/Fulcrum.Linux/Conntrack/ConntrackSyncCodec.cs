using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// The wire format of connection synchronisation between the two balancers (UDP over the private
/// network). All integers big-endian; IPv4 only, like the data plane.
/// <code>
/// header (10 bytes)
///   0  4  magic "FCT1"
///   4  1  kind: 1 flows, 2 resync request, 3 resync done
///   5  1  record count, 0-48
///   6  4  sequence: the sender's datagram counter
/// record (30 bytes each)
///   0  1  operation: 1 established (create the entry), 2 ended (delete it)
///   1  1  IP protocol (6 TCP, 17 UDP)
///   2  1  TCP state (enum tcp_conntrack; 0 for UDP)
///   3  1  status: bit 0 IPS_SEEN_REPLY, bit 1 IPS_ASSURED
///   4  4  client address         8  2  client port
///  10  4  VIP                   14  2  VIP port
///  16  4  real server address   20  2  real server port   (the DNAT target; the VIP and port when not DNATed)
///  22  4  ct mark
///  26  4  timeout, seconds
/// </code>
/// 48 records make a 1,450-byte datagram: one Ethernet frame with its IP and UDP headers.
/// </summary>
public static class ConntrackSyncCodec
{
    /// <summary>Bytes before the first record.</summary>
    public const int HeaderSize = 10;

    /// <summary>Bytes per record.</summary>
    public const int RecordSize = 30;

    /// <summary>Most records in one datagram.</summary>
    public const int MaxRecords = 48;

    /// <summary>The largest datagram.</summary>
    public const int MaxDatagramSize = HeaderSize + (MaxRecords * RecordSize);

    private static ReadOnlySpan<byte> Magic => "FCT1"u8;

    /// <summary>True when the codec can carry the entry: IPv4, TCP or UDP.</summary>
    public static bool CanCarry(ConntrackEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Original.Source.AddressFamily == AddressFamily.InterNetwork
            && entry.Reply.Source.AddressFamily == AddressFamily.InterNetwork
            && entry.Protocol is ProtocolType.Tcp or ProtocolType.Udp;
    }

    /// <summary>Writes one datagram into <paramref name="destination"/>; returns its length.</summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxRecords"/> records, a record the codec cannot carry, or too small a buffer.</exception>
    public static int Write(Span<byte> destination, ConntrackSyncKind kind, uint sequence, IReadOnlyList<ConntrackSyncRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count > MaxRecords)
        {
            throw new ArgumentException($"A datagram carries at most {MaxRecords} records, not {records.Count}.", nameof(records));
        }

        var length = HeaderSize + (records.Count * RecordSize);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The buffer holds {destination.Length} bytes; the datagram needs {length}.", nameof(destination));
        }

        Magic.CopyTo(destination);
        destination[4] = (byte)kind;
        destination[5] = (byte)records.Count;
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], sequence);
        for (var i = 0; i < records.Count; i++)
        {
            WriteRecord(destination.Slice(HeaderSize + (i * RecordSize), RecordSize), records[i]);
        }

        return length;
    }

    /// <summary>Reads one datagram; null, with the reason, when it is not a valid one.</summary>
    public static ConntrackSyncDatagram? Read(ReadOnlySpan<byte> datagram, out string? error)
    {
        if (datagram.Length < HeaderSize || !datagram[..4].SequenceEqual(Magic))
        {
            error = "not a connection-sync datagram (no FCT1 header)";
            return null;
        }

        var kind = (ConntrackSyncKind)datagram[4];
        if (kind is not (ConntrackSyncKind.Flows or ConntrackSyncKind.ResyncRequest or ConntrackSyncKind.ResyncDone))
        {
            error = $"unknown datagram kind {datagram[4]}";
            return null;
        }

        int count = datagram[5];
        if (count > MaxRecords || datagram.Length != HeaderSize + (count * RecordSize))
        {
            error = $"{datagram.Length} bytes do not hold a header and {count} records";
            return null;
        }

        var sequence = BinaryPrimitives.ReadUInt32BigEndian(datagram[6..]);
        var records = new ConntrackSyncRecord[count];
        for (var i = 0; i < count; i++)
        {
            var record = ReadRecord(datagram.Slice(HeaderSize + (i * RecordSize), RecordSize), out error);
            if (record is null)
            {
                error = $"record {i + 1}: {error}";
                return null;
            }

            records[i] = record;
        }

        error = null;
        return new ConntrackSyncDatagram(kind, sequence, records);
    }

    private static void WriteRecord(Span<byte> span, ConntrackSyncRecord record)
    {
        var entry = record.Entry;
        if (!CanCarry(entry))
        {
            throw new ArgumentException($"Connection sync carries IPv4 TCP and UDP flows only, not {entry.Original}.", nameof(record));
        }

        span[0] = (byte)record.Operation;
        span[1] = (byte)entry.Protocol;
        span[2] = (byte)(entry.TcpState ?? ConntrackTcpState.None);
        span[3] = (byte)(((entry.Status & ConntrackStatus.SeenReply) != 0 ? 1 : 0) | ((entry.Status & ConntrackStatus.Assured) != 0 ? 2 : 0));
        entry.Original.Source.TryWriteBytes(span[4..8], out _);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], entry.Original.SourcePort);
        entry.Original.Destination.TryWriteBytes(span[10..14], out _);
        BinaryPrimitives.WriteUInt16BigEndian(span[14..], entry.Original.DestinationPort);
        entry.Reply.Source.TryWriteBytes(span[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(span[20..], entry.Reply.SourcePort);
        BinaryPrimitives.WriteUInt32BigEndian(span[22..], entry.Mark);
        var seconds = entry.Timeout is { } timeout ? (uint)Math.Clamp((long)timeout.TotalSeconds, 0, uint.MaxValue) : 0u;
        BinaryPrimitives.WriteUInt32BigEndian(span[26..], seconds);
    }

    private static ConntrackSyncRecord? ReadRecord(ReadOnlySpan<byte> span, out string? error)
    {
        var operation = (ConntrackSyncOperation)span[0];
        if (operation is not (ConntrackSyncOperation.Established or ConntrackSyncOperation.Ended))
        {
            error = $"unknown operation {span[0]}";
            return null;
        }

        var protocol = (ProtocolType)span[1];
        if (protocol is not (ProtocolType.Tcp or ProtocolType.Udp))
        {
            error = $"protocol {span[1]} is not TCP or UDP";
            return null;
        }

        ConntrackTcpState? state = null;
        if (protocol == ProtocolType.Tcp)
        {
            if (span[2] > (byte)ConntrackTcpState.SynSent2)
            {
                error = $"TCP state {span[2]} is not a conntrack state";
                return null;
            }

            state = (ConntrackTcpState)span[2];
        }

        if (span[3] > 3)
        {
            error = $"status bits 0x{span[3]:x2} are not defined";
            return null;
        }

        var status = ((span[3] & 1) != 0 ? ConntrackStatus.SeenReply : ConntrackStatus.None) | ((span[3] & 2) != 0 ? ConntrackStatus.Assured : ConntrackStatus.None);
        var client = new IPAddress(span[4..8]);
        var clientPort = BinaryPrimitives.ReadUInt16BigEndian(span[8..]);
        var vip = new IPAddress(span[10..14]);
        var vipPort = BinaryPrimitives.ReadUInt16BigEndian(span[14..]);
        var server = new IPAddress(span[16..20]);
        var serverPort = BinaryPrimitives.ReadUInt16BigEndian(span[20..]);
        var mark = BinaryPrimitives.ReadUInt32BigEndian(span[22..]);
        var timeout = TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt32BigEndian(span[26..]));
        var entry = new ConntrackEntry(
            0,
            new ConntrackTuple(protocol, client, clientPort, vip, vipPort),
            new ConntrackTuple(protocol, server, serverPort, client, clientPort),
            status,
            mark,
            timeout,
            state,
            null,
            null);
        error = null;
        return new ConntrackSyncRecord(operation, entry);
    }
}
