using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Fulcrum.Core.Health;
using Fulcrum.Health.Checks;
using Fulcrum.Health.Interop;

namespace Fulcrum.Health.Sockets;

/// <summary>
/// TCP checks for IPv4 without a socket per probe: the SYN goes out of one raw socket, the answer comes
/// back on it (the kernel hands raw sockets a copy of every TCP segment for a local address; a socket
/// filter keeps only SYN-ACKs and resets). A SYN-ACK acknowledging our sequence number is "connected",
/// a reset "connection refused", an ICMP destination unreachable (read on a raw ICMP socket) "host/network
/// unreachable" or "refused", nothing within the timeout a timeout — what connect(2) reports, from the
/// same packets, minus the socket, the final ACK and the close. The source ports are reserved by ordinary
/// TCP sockets bound to them and never listening, so the kernel answers each SYN-ACK with a reset and no
/// other socket of this host can use those ports. One receive thread per namespace matches answers to
/// probes by (server address, server port, source port) and acknowledgement number. Needs CAP_NET_RAW;
/// <see cref="TryCreate"/> returns null without it and the caller connects instead.
/// </summary>
internal sealed class SynProber : IDisposable
{
    /// <summary>How many source ports are reserved: probes to one server port rotate over them.</summary>
    internal const int SourcePorts = 16;

    private const int IpHeaderLength = 20;
    private const int TcpHeaderLength = 24; // with one option: MSS
    private const byte Syn = 0x02;
    private const byte Rst = 0x04;
    private const byte Ack = 0x10;
    private const int ReceiveBuffer = 4 << 20;
    private static readonly long SourceCheckTicks = TimeSpan.FromSeconds(1).Ticks / TimeSpan.TicksPerMillisecond;
    private static readonly long RouteCacheTicks = TimeSpan.FromSeconds(30).Ticks / TimeSpan.TicksPerMillisecond;

    [ThreadStatic]
    private static SocketAddress? t_destination;

    private readonly ProbeSocketFactory _sockets;
    private readonly Socket _tcp;
    private readonly Socket _icmp;
    private readonly Socket[] _reserved;
    private readonly ushort[] _ports;
    private readonly Lock _gate = new();
    private readonly Dictionary<ProbeKey, Pending> _pending = [];
    private readonly Dictionary<IPAddress, (bool Local, long CheckedAt)> _sources = [];
    private readonly Dictionary<IPAddress, (IPAddress Source, long CheckedAt)> _routes = [];
    private readonly Thread _tcpReceiver;
    private readonly Thread _icmpReceiver;
    private readonly uint[] _sequences = new uint[256]; // random initial sequence numbers, refilled 256 at a time
    private int _nextSequence = 256;
    private uint _rotation;
    private volatile bool _disposed;

    private SynProber(ProbeSocketFactory sockets, Socket tcp, Socket icmp, Socket[] reserved)
    {
        _sockets = sockets;
        _tcp = tcp;
        _icmp = icmp;
        _reserved = reserved;
        _ports = [.. reserved.Select(s => (ushort)((IPEndPoint)s.LocalEndPoint!).Port)];
        _tcpReceiver = new Thread(() => ReceiveLoop(_tcp, icmp: false)) { IsBackground = true, Name = "health syn rx" };
        _icmpReceiver = new Thread(() => ReceiveLoop(_icmp, icmp: true)) { IsBackground = true, Name = "health icmp rx" };
        _tcpReceiver.Start();
        _icmpReceiver.Start();
    }

    /// <summary>The reserved source ports (for tests).</summary>
    internal IReadOnlyList<ushort> Ports => _ports;

    /// <summary>Opens the raw sockets and reserves the source ports; null when this process may not open raw sockets.</summary>
    public static SynProber? TryCreate(ProbeSocketFactory sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        var made = new List<Socket>();
        try
        {
            Socket tcp = Track(sockets.CreateBare(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Tcp));
            tcp.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.HeaderIncluded, true);
            Socket icmp = Track(sockets.CreateBare(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp));
            // ICMP_FILTER is a mask of the types to drop: everything but destination unreachable.
            Span<byte> mask = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(mask, ~(1u << LibC.ICMP_DEST_UNREACH));
            icmp.SetRawSocketOption(LibC.SOL_RAW, LibC.ICMP_FILTER, mask);
            var reserved = new Socket[SourcePorts];
            for (int i = 0; i < reserved.Length; i++)
            {
                reserved[i] = Track(sockets.CreateBare(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                reserved[i].Bind(new IPEndPoint(IPAddress.Any, 0)); // never listens: a SYN-ACK to this port is answered with a reset
            }

            AttachFilter(tcp, AnswerFilter([.. reserved.Select(s => (ushort)((IPEndPoint)s.LocalEndPoint!).Port)]));
            // A burst of answers must not overflow the queue while the receive thread waits for a core:
            // past net.core.rmem_max when allowed (SO_RCVBUFFORCE needs CAP_NET_ADMIN), else up to it.
            Span<byte> size = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(size, ReceiveBuffer);
            try
            {
                tcp.SetRawSocketOption(LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, size);
            }
            catch (SocketException)
            {
                tcp.ReceiveBufferSize = ReceiveBuffer;
            }

            return new SynProber(sockets, tcp, icmp, reserved);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AccessDenied or SocketError.ProtocolNotSupported or SocketError.SocketNotSupported)
        {
            made.ForEach(s => s.Dispose());
            return null;
        }
        catch
        {
            made.ForEach(s => s.Dispose());
            throw;
        }

        Socket Track(Socket socket)
        {
            made.Add(socket);
            return socket;
        }
    }

    /// <summary>Sends one SYN to <paramref name="target"/> and completes with what came back, or a timeout when <paramref name="cancellationToken"/> fires.</summary>
    public ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ObjectDisposedException.ThrowIf(_disposed, this);
        ushort port = target.Port ?? 0;
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromResult(ProbeFailures.Timeout(target, "connecting"));
        }

        IPAddress source;
        try
        {
            if (SourceFor(target) is not { } found)
            {
                return ValueTask.FromResult(ProbeResult.Failed(ProbeOutcome.Unreachable, $"source address {target.Source} is not on this host"));
            }

            source = found;
        }
        catch (SocketException e)
        {
            return ValueTask.FromResult(ProbeFailures.From(e, target, "connecting", cancellationToken));
        }

        uint destination = AddressValue(target.Address);
        var pending = new Pending(this, target);
        uint sequence;
        lock (_gate)
        {
            // Unpredictable, so an off-path host cannot forge the answer; drawn in batches (one
            // RandomNumberGenerator call per 256 probes, not one each).
            if (_nextSequence == _sequences.Length)
            {
                RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(_sequences.AsSpan()));
                _nextSequence = 0;
            }

            sequence = _sequences[_nextSequence++];
            pending.Sequence = sequence;
            // Rotate over the source ports; skip any with a probe to the same server port in flight.
            for (int tries = 0; ; tries++)
            {
                if (tries == _ports.Length)
                {
                    return ValueTask.FromResult(ProbeResult.Failed(ProbeOutcome.Error, $"more than {_ports.Length} probes to {target.Endpoint} in flight"));
                }

                var key = new ProbeKey(destination, port, _ports[_rotation++ % (uint)_ports.Length]);
                if (_pending.TryAdd(key, pending))
                {
                    pending.Key = key;
                    break;
                }
            }
        }

        pending.Watch(cancellationToken);
        Span<byte> packet = stackalloc byte[IpHeaderLength + TcpHeaderLength];
        WriteSyn(packet, AddressValue(source), destination, pending.Key.SourcePort, port, sequence);
        try
        {
            _tcp.SendTo(packet, SocketFlags.None, Destination(destination));
        }
        catch (SocketException e)
        {
            Forget(pending);
            pending.Complete(ProbeFailures.From(e, target, "connecting", cancellationToken));
        }

        return new ValueTask<ProbeResult>(pending.Task);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _tcp.Dispose();
        _icmp.Dispose();
        foreach (Socket socket in _reserved)
        {
            socket.Dispose();
        }

        List<Pending> left;
        lock (_gate)
        {
            left = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (Pending pending in left)
        {
            pending.Complete(ProbeFailures.Timeout(pending.Target, "connecting"));
        }
    }

    /// <summary>Writes an IPv4 header (the kernel fills length, id and checksum) and a SYN with an MSS option.</summary>
    internal static void WriteSyn(Span<byte> packet, uint source, uint destination, ushort sourcePort, ushort destinationPort, uint sequence)
    {
        packet.Clear();
        packet[0] = 0x45; // version 4, 5 words
        packet[6] = 0x40; // don't fragment
        packet[8] = 64; // TTL
        packet[9] = (byte)ProtocolType.Tcp;
        BinaryPrimitives.WriteUInt32BigEndian(packet[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], destination);
        Span<byte> tcp = packet[IpHeaderLength..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        tcp[12] = (TcpHeaderLength / 4) << 4;
        tcp[13] = Syn;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 64240); // window
        tcp[20] = 2; // MSS option
        tcp[21] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[22..], 1460);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], TcpChecksum(source, destination, tcp));
    }

    /// <summary>The TCP checksum (RFC 793) over the IPv4 pseudo-header and <paramref name="segment"/> (whose checksum field is zero).</summary>
    internal static ushort TcpChecksum(uint source, uint destination, ReadOnlySpan<byte> segment)
    {
        ulong sum = (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + (uint)ProtocolType.Tcp + (uint)segment.Length;
        int i = 0;
        for (; i + 1 < segment.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(segment[i..]);
        }

        if (i < segment.Length)
        {
            sum += (uint)segment[i] << 8;
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    // The sockaddr_in of address (port 0: the header carries the ports), reused per thread: no
    // endpoint object or serialization per probe.
    private static SocketAddress Destination(uint address)
    {
        SocketAddress socketAddress = t_destination ??= new SocketAddress(AddressFamily.InterNetwork);
        BinaryPrimitives.WriteUInt32BigEndian(socketAddress.Buffer.Span[4..], address);
        return socketAddress;
    }

    private static uint AddressValue(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>
    /// cBPF over the IPv4 packet: keep TCP segments with RST, or with both SYN and ACK, sent to one of
    /// <paramref name="ports"/>; everything else (data, other hosts' answers, the resets our own kernel
    /// sends, which loop back on 127.0.0.1) never reaches the socket.
    /// </summary>
    internal static sock_filter[] AnswerFilter(ushort[] ports)
    {
        int n = ports.Length;
        if (n is 0 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(ports), "1 to 200 ports");
        }

        var program = new List<sock_filter>
        {
            new(LibC.BPF_LDX | LibC.BPF_B | LibC.BPF_MSH, 0, 0, 0), // 0: x = IP header length
            new(LibC.BPF_LD | LibC.BPF_B | LibC.BPF_IND, 0, 0, 13), // 1: a = TCP flags
            new(LibC.BPF_JMP | LibC.BPF_JSET | LibC.BPF_K, 2, 0, Rst), // 2: reset: check the port
            new(LibC.BPF_ALU | LibC.BPF_AND | LibC.BPF_K, 0, 0, Syn | Ack), // 3
            new(LibC.BPF_JMP | LibC.BPF_JEQ | LibC.BPF_K, 0, (byte)(n + 1), Syn | Ack), // 4: not SYN-ACK: drop
            new(LibC.BPF_LD | LibC.BPF_H | LibC.BPF_IND, 0, 0, 2), // 5: a = destination port
        };
        for (int i = 0; i < n; i++)
        {
            program.Add(new(LibC.BPF_JMP | LibC.BPF_JEQ | LibC.BPF_K, (byte)(n - i), 0, ports[i])); // one of ours: keep
        }

        program.Add(new(LibC.BPF_RET | LibC.BPF_K, 0, 0, 0)); // drop
        program.Add(new(LibC.BPF_RET | LibC.BPF_K, 0, 0, 0xFFFF)); // keep
        return [.. program];
    }

    private static unsafe void AttachFilter(Socket socket, sock_filter[] filter)
    {
        fixed (sock_filter* code = filter)
        {
            var program = new sock_fprog((ushort)filter.Length, code);
            socket.SetRawSocketOption(LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, new ReadOnlySpan<byte>(&program, sizeof(sock_fprog)));
        }
    }

    // The address probes to target leave from: its source when that is a local address (checked at most
    // once a second), else what the routing table picks (cached 30 s); null when the source is not local.
    private IPAddress? SourceFor(ProbeTarget target)
    {
        long now = Environment.TickCount64;
        if (target.Source is { } source)
        {
            lock (_gate)
            {
                if (_sources.TryGetValue(source, out var known) && now - known.CheckedAt < SourceCheckTicks)
                {
                    return known.Local ? source : null;
                }
            }

            bool local = IsLocal(source);
            lock (_gate)
            {
                _sources[source] = (local, now);
            }

            return local ? source : null;
        }

        lock (_gate)
        {
            if (_routes.TryGetValue(target.Address, out var route) && now - route.CheckedAt < RouteCacheTicks)
            {
                return route.Source;
            }
        }

        using Socket udp = _sockets.CreateBare(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(new IPEndPoint(target.Address, target.Port ?? 9)); // no packet: only the route lookup
        IPAddress routed = ((IPEndPoint)udp.LocalEndPoint!).Address;
        lock (_gate)
        {
            _routes[target.Address] = (routed, now);
        }

        return routed;
    }

    private bool IsLocal(IPAddress source)
    {
        using Socket probe = _sockets.CreateBare(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            probe.Bind(new IPEndPoint(source, 0));
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            return false;
        }
    }

    private void Forget(Pending pending)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(pending.Key, out Pending? current) && current == pending)
            {
                _pending.Remove(pending.Key);
            }
        }
    }

    private Pending? Take(ProbeKey key, uint acknowledged)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(key, out Pending? pending) && pending.Sequence + 1 == acknowledged)
            {
                _pending.Remove(key);
                return pending;
            }
        }

        return null;
    }

    // Non-blocking reads until the queue is empty, then wait for the next packet and give the rest of
    // its burst a millisecond to arrive (answers come in bursts: the schedule starts probes on a 5 ms
    // grid): one wake-up per burst, not one per answer. A result is recorded at most ~1 ms later.
    private void ReceiveLoop(Socket socket, bool icmp)
    {
        byte[] buffer = new byte[2048];
        try
        {
            socket.Blocking = false;
            while (!_disposed)
            {
                int length = socket.Receive(buffer, SocketFlags.None, out SocketError error);
                if (error != SocketError.Success)
                {
                    // Empty (WouldBlock), or an error the kernel queued on the socket (read and cleared by this call).
                    if (socket.Poll(100_000, SelectMode.SelectRead)) // 100 ms at most, so disposal is noticed
                    {
                        Thread.Sleep(1);
                    }

                    continue;
                }

                if (icmp)
                {
                    OnIcmp(buffer.AsSpan(0, length));
                }
                else
                {
                    OnTcp(buffer.AsSpan(0, length));
                }
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException) when (_disposed)
        {
        }
    }

    private void OnTcp(ReadOnlySpan<byte> packet)
    {
        int ipLength = (packet[0] & 0x0F) * 4;
        if (packet.Length < ipLength + 20 || packet[9] != (byte)ProtocolType.Tcp)
        {
            return;
        }

        ReadOnlySpan<byte> tcp = packet[ipLength..];
        byte flags = tcp[13];
        if ((flags & Ack) == 0)
        {
            return; // a reset that does not acknowledge our SYN is not an answer to it (RFC 5961 §3)
        }

        var key = new ProbeKey(BinaryPrimitives.ReadUInt32BigEndian(packet[12..]), BinaryPrimitives.ReadUInt16BigEndian(tcp), BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]));
        if (Take(key, BinaryPrimitives.ReadUInt32BigEndian(tcp[8..])) is not { } pending)
        {
            return;
        }

        pending.Complete((flags & Rst) != 0
            ? ProbeResult.Failed(ProbeOutcome.Refused, "connection refused")
            : ProbeResult.Healthy("connected"));
    }

    // Destination unreachable: the ICMP header, then the IP header and first 8 bytes of our SYN.
    private void OnIcmp(ReadOnlySpan<byte> packet)
    {
        int ipLength = (packet[0] & 0x0F) * 4;
        if (packet.Length < ipLength + 8 + 20 + 8 || packet[ipLength] != LibC.ICMP_DEST_UNREACH)
        {
            return;
        }

        byte code = packet[ipLength + 1];
        ReadOnlySpan<byte> inner = packet[(ipLength + 8)..];
        int innerLength = (inner[0] & 0x0F) * 4;
        if (inner[9] != (byte)ProtocolType.Tcp || inner.Length < innerLength + 8)
        {
            return;
        }

        ReadOnlySpan<byte> tcp = inner[innerLength..];
        var key = new ProbeKey(BinaryPrimitives.ReadUInt32BigEndian(inner[16..]), BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]), BinaryPrimitives.ReadUInt16BigEndian(tcp));
        if (Take(key, BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]) + 1) is not { } pending)
        {
            return;
        }

        // What connect(2) would fail with (the kernel's icmp_err_convert); fragmentation needed (4) never reaches a SYN of 44 bytes.
        pending.Complete(code switch
        {
            LibC.ICMP_PORT_UNREACH => ProbeResult.Failed(ProbeOutcome.Refused, "connection refused"),
            LibC.ICMP_NET_UNREACH or LibC.ICMP_NET_UNKNOWN or LibC.ICMP_NET_ANO or LibC.ICMP_NET_UNR_TOS =>
                ProbeResult.Failed(ProbeOutcome.Unreachable, "network unreachable"),
            _ => ProbeResult.Failed(ProbeOutcome.Unreachable, "host unreachable"),
        });
    }

    /// <summary>What identifies the answers to one probe: the server's address and port and our source port.</summary>
    private readonly record struct ProbeKey(uint Destination, ushort DestinationPort, ushort SourcePort);

    /// <summary>One SYN in flight: completed once, by the answer, the timeout or disposal.</summary>
    private sealed class Pending(SynProber owner, ProbeTarget target)
    {
        private readonly TaskCompletionSource<ProbeResult> _result = new();
        private CancellationTokenRegistration _timeout;

        public ProbeTarget Target { get; } = target;

        public uint Sequence { get; set; }

        public ProbeKey Key { get; set; }

        public Task<ProbeResult> Task => _result.Task;

        public void Watch(CancellationToken cancellationToken) =>
            _timeout = cancellationToken.UnsafeRegister(static state => ((Pending)state!).TimedOut(), this);

        public void Complete(ProbeResult result)
        {
            if (_result.TrySetResult(result))
            {
                _timeout.Dispose();
            }
        }

        private void TimedOut()
        {
            owner.Forget(this);
            _result.TrySetResult(ProbeFailures.Timeout(Target, "connecting"));
        }
    }
}
