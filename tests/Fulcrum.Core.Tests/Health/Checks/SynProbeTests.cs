using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health;
using Fulcrum.Health.Sockets;

namespace Fulcrum.Core.Tests.Health.Checks;

/// <summary>
/// TCP checks by bare SYN (raw socket, when the process may open one) against TCP checks by connect():
/// the same results and reasons; the SYN leaves no connection behind; the packet is well formed.
/// </summary>
public sealed class SynProbeTests
{
    [Fact]
    public async Task Syn_and_connect_probes_give_the_same_results_and_reasons()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        ushort open = (ushort)((IPEndPoint)listener.LocalEndpoint).Port;
        ushort closed = Probes.ClosedPort();
        var cases = new[]
        {
            (Target: Probes.On(open, new TcpProbe(null)), Expected: ProbeResult.Healthy("connected")),
            (Target: Probes.On(open, new TcpProbe(null), IPAddress.Loopback), Expected: ProbeResult.Healthy("connected")),
            (Target: Probes.On(closed, new TcpProbe(null)), Expected: ProbeResult.Failed(ProbeOutcome.Refused, "connection refused")),
            (Target: Probes.On(open, new TcpProbe(null), IPAddress.Parse("192.0.2.77")), Expected: ProbeResult.Failed(ProbeOutcome.Unreachable, "source address 192.0.2.77 is not on this host")),
        };

        foreach (bool syn in new[] { true, false })
        {
            var checker = new HealthChecker(null, null, synProbes: syn);
            foreach (var (target, expected) in cases)
            {
                using var timeout = new CancellationTokenSource(target.Check.Timeout);
                Assert.Equal(expected, await checker.CheckAsync(target, timeout.Token));
            }
        }
    }

    [Fact]
    public async Task A_syn_probe_leaves_nothing_for_the_server_to_accept_where_a_connect_probe_does()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        ProbeTarget target = Probes.On((ushort)((IPEndPoint)listener.LocalEndPoint!).Port, new TcpProbe(null));
        bool syn = ProbeSocketFactory.Default.SynProber is not null;

        using (var timeout = new CancellationTokenSource(target.Check.Timeout))
        {
            Assert.True((await new HealthChecker(null, null, synProbes: true).CheckAsync(target, timeout.Token)).IsHealthy);
        }

        // With a SYN probe the handshake never completed (our kernel reset the SYN-ACK): the accept queue is empty.
        Assert.Equal(!syn, listener.Poll(0, SelectMode.SelectRead));
        using (var timeout = new CancellationTokenSource(target.Check.Timeout))
        {
            Assert.True((await new HealthChecker(null, null, synProbes: false).CheckAsync(target, timeout.Token)).IsHealthy);
        }

        Assert.True(listener.Poll(0, SelectMode.SelectRead)); // connect() completed a connection the server must accept
    }

    [Fact]
    public void The_syn_is_an_ipv4_tcp_syn_with_mss_and_a_checksum_that_verifies()
    {
        uint source = 0xC0A8_1401, destination = 0xC0A8_140B; // 192.168.20.1 -> 192.168.20.11
        byte[] packet = new byte[44];

        SynProber.WriteSyn(packet, source, destination, 40000, 80, 0x01020304);

        Assert.Equal(0x45, packet[0]);
        Assert.Equal(6, packet[9]);
        Assert.Equal(source, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(12)));
        Assert.Equal(destination, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(16)));
        ReadOnlySpan<byte> tcp = packet.AsSpan(20);
        Assert.Equal(40000, BinaryPrimitives.ReadUInt16BigEndian(tcp));
        Assert.Equal(80, BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]));
        Assert.Equal(0x01020304u, BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]));
        Assert.Equal(0x60, tcp[12]); // 24-byte header
        Assert.Equal(0x02, tcp[13]); // SYN only
        Assert.Equal([2, 4, 0x05, 0xB4], tcp[20..24].ToArray()); // MSS 1460
        // The one's complement sum over the pseudo-header and the segment, checksum included, is all ones.
        byte[] pseudo = [.. packet.AsSpan(12, 8), 0, 6, 0, 24, .. tcp];
        uint sum = 0;
        for (int i = 0; i < pseudo.Length; i += 2)
        {
            sum += (uint)((pseudo[i] << 8) | pseudo[i + 1]);
        }

        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        Assert.Equal(0xFFFFu, sum);
    }

    [Fact]
    public void The_socket_filter_keeps_answers_to_our_ports_only()
    {
        var program = SynProber.AnswerFilter([40000, 40001]);

        // A tiny cBPF interpreter for the few opcodes the filter uses.
        Assert.True(Run(program, Segment(0x12, 40001)) > 0); // SYN-ACK to ours
        Assert.True(Run(program, Segment(0x14, 40000)) > 0); // RST-ACK to ours
        Assert.Equal(0u, Run(program, Segment(0x12, 40002))); // SYN-ACK to another port
        Assert.Equal(0u, Run(program, Segment(0x10, 40000))); // plain ACK (data) to ours
        Assert.Equal(0u, Run(program, Segment(0x02, 40000))); // a SYN
    }

    private static byte[] Segment(byte flags, ushort destinationPort)
    {
        byte[] packet = new byte[40];
        packet[0] = 0x45;
        packet[9] = 6;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), destinationPort);
        packet[33] = flags;
        return packet;
    }

    private static uint Run(Fulcrum.Health.Interop.sock_filter[] program, byte[] packet)
    {
        uint a = 0, x = 0;
        for (int pc = 0; pc < program.Length; pc++)
        {
            var i = program[pc];
            switch (i.code)
            {
                case 0xb1: x = (uint)(4 * (packet[i.k] & 0xF)); break; // ldxb 4*([k]&0xf)
                case 0x50: a = packet[x + i.k]; break; // ldb [x+k]
                case 0x48: a = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan((int)(x + i.k))); break; // ldh [x+k]
                case 0x54: a &= i.k; break; // and #k
                case 0x45: pc += (a & i.k) != 0 ? i.jt : i.jf; break; // jset
                case 0x15: pc += a == i.k ? i.jt : i.jf; break; // jeq
                case 0x06: return i.k; // ret #k
                default: throw new InvalidOperationException($"opcode {i.code:x}");
            }
        }

        throw new InvalidOperationException("fell off the program");
    }
}
