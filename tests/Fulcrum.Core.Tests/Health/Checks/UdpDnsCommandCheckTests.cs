using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Core.Config;
using Fulcrum.Core.Health;
using Fulcrum.Health.Checks;

namespace Fulcrum.Core.Tests.Health.Checks;

/// <summary>UDP, DNS and command checkers: loopback responders and real child processes.</summary>
public sealed class UdpDnsCommandCheckTests
{
    [Fact]
    public async Task Udp_is_healthy_on_an_expected_reply_and_says_what_is_wrong_otherwise()
    {
        using var responder = UdpResponder(request => Encoding.UTF8.GetBytes($"PONG {Encoding.UTF8.GetString(request)}"));

        ProbeResult good = await Probes.RunAsync(Probes.On(responder.Port, new UdpProbe(null, "PING", "PONG")));
        ProbeResult bad = await Probes.RunAsync(Probes.On(responder.Port, new UdpProbe(null, "PING", "READY")));
        ProbeResult closed = await Probes.RunAsync(Probes.On(ClosedUdpPort(), new UdpProbe(null, "PING", null)));

        Assert.Equal(ProbeResult.Healthy("reply of 9 bytes"), good);
        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Mismatch, "reply mismatch: no 'READY' in 9 bytes"), bad);
        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Refused, "port unreachable (ICMP)"), closed);
    }

    [Fact]
    public async Task Udp_without_a_reply_times_out()
    {
        using var silent = UdpResponder(_ => null);

        ProbeResult result = await Probes.RunAsync(Probes.On(silent.Port, new UdpProbe(null, "PING", null), timeout: Probes.Short));

        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Timeout, "timeout after 400ms waiting for a reply"), result);
    }

    [Fact]
    public async Task Dns_is_healthy_on_an_answer_of_the_asked_type_and_names_nxdomain_and_empty_answers()
    {
        using var server = UdpResponder(query =>
        {
            ushort id = (ushort)((query[0] << 8) | query[1]);
            string name = Encoding.ASCII.GetString(query, 13, query[12]);
            return name switch
            {
                "www" => DnsCodecTests.Response(id, 0, "www.example.org", 1, (1, [192, 0, 2, 1])),
                "nope" => DnsCodecTests.Response(id, 3, "nope.example.org", 1),
                "stray" => DnsCodecTests.Response((ushort)(id + 1), 0, "stray.example.org", 1, (1, [192, 0, 2, 1])),
                _ => DnsCodecTests.Response(id, 0, "empty.example.org", 1),
            };
        });

        Assert.Equal(ProbeResult.Healthy("1 A record(s) for www.example.org"), await Probes.RunAsync(Probes.On(server.Port, new DnsProbe(null, "www.example.org", DnsRecordType.A))));
        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Mismatch, "NXDOMAIN for nope.example.org A"), await Probes.RunAsync(Probes.On(server.Port, new DnsProbe(null, "nope.example.org", DnsRecordType.A))));
        Assert.Equal(ProbeResult.Failed(ProbeOutcome.Mismatch, "NOERROR but no A record for empty.example.org (0 answers)"), await Probes.RunAsync(Probes.On(server.Port, new DnsProbe(null, "empty.example.org", DnsRecordType.A))));
        // A reply with another ID is not ours: the probe keeps waiting and times out.
        Assert.Equal(ProbeOutcome.Timeout, (await Probes.RunAsync(Probes.On(server.Port, new DnsProbe(null, "stray.example.org", DnsRecordType.A), timeout: Probes.Short))).Outcome);
    }

    [Fact]
    public async Task Command_exit_zero_is_healthy_and_other_codes_fail_with_the_first_output_line()
    {
        string script = WriteScript("echo starting; echo \"backend $1 down\" >&2; exit 3");
        try
        {
            ProbeResult ok = await Probes.RunAsync(Probes.On(80, new CommandProbe("/bin/true", false)));
            ProbeResult failed = await Probes.RunAsync(Probes.On(80, new CommandProbe($"{script} api", false)));

            Assert.Equal(ProbeResult.Healthy("exit 0"), ok);
            Assert.Equal(ProbeResult.Failed(ProbeOutcome.CommandFailed, "exit 3: backend api down"), failed);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Command_learns_the_server_from_its_environment()
    {
        string script = WriteScript("[ \"$FULCRUM_SERVER_ADDRESS:$FULCRUM_SERVER_PORT\" = 127.0.0.1:8443 ] && exit 0; echo \"got $FULCRUM_SERVER_ADDRESS:$FULCRUM_SERVER_PORT\"; exit 1");
        try
        {
            ProbeResult result = await Probes.RunAsync(Probes.On(8443, new CommandProbe(script, false)));

            Assert.True(result.IsHealthy, result.Reason);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Theory]
    [InlineData(0, true, null)]
    [InlineData(1, false, null)]
    [InlineData(2, true, 0)]
    [InlineData(12, true, 10)]
    [InlineData(255, true, 253)]
    public void Dynamic_weight_follows_keepalived_misc_dynamic_exit_codes(int exit, bool healthy, int? weight)
    {
        ProbeResult result = CommandCheck.Judge(new CommandProbe("/x", DynamicWeight: true), exit, "");

        Assert.Equal(healthy, result.IsHealthy);
        Assert.Equal(weight, result.Weight);
        Assert.False(CommandCheck.Judge(new CommandProbe("/x", DynamicWeight: false), 12, "").IsHealthy);
    }

    [Fact]
    public async Task A_hanging_command_is_killed_with_its_whole_process_group_at_the_timeout()
    {
        string marker = Path.Combine(Path.GetTempPath(), $"fulcrum-child-{Guid.NewGuid():N}");
        // The script starts a helper in the background that would outlive it, then hangs.
        string script = WriteScript($"sleep 30 & echo $! > {marker}; sleep 30");
        try
        {
            ProbeResult result = await Probes.RunAsync(Probes.On(80, new CommandProbe(script, false), timeout: Probes.Short));

            Assert.Equal(ProbeResult.Failed(ProbeOutcome.Timeout, "timeout after 400ms (process group killed)"), result);
            int helper = int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(SpinWait.SpinUntil(() => !IsAlive(helper), TimeSpan.FromSeconds(5)), $"helper {helper} survived the kill");
        }
        finally
        {
            File.Delete(script);
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task Garbage_and_floods_of_output_neither_block_nor_break_the_check()
    {
        string script = WriteScript("head -c 300000 /dev/urandom; exit 1");
        try
        {
            ProbeResult result = await Probes.RunAsync(Probes.On(80, new CommandProbe(script, false)));

            Assert.Equal(ProbeOutcome.CommandFailed, result.Outcome);
            Assert.StartsWith("exit 1", result.Reason, StringComparison.Ordinal);
            Assert.True(result.Reason.Length < 100 && result.Reason.All(c => !char.IsControl(c)), result.Reason);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task A_program_that_does_not_exist_fails_clearly()
    {
        ProbeResult result = await Probes.RunAsync(Probes.On(80, new CommandProbe("/nonexistent/check-app --quick", true)));

        Assert.Equal(ProbeResult.Failed(ProbeOutcome.CommandFailed, "program /nonexistent/check-app does not exist"), result);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string WriteScript(string body)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fulcrum-check-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static ushort ClosedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (ushort)((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static Responder UdpResponder(Func<byte[], byte[]?> answer) => new(answer);

    private sealed class Responder : IDisposable
    {
        private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();

        public Responder(Func<byte[], byte[]?> answer)
        {
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    UdpReceiveResult received;
                    try
                    {
                        received = await _udp.ReceiveAsync(_stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    if (answer(received.Buffer) is { } reply)
                    {
                        await _udp.SendAsync(reply, received.RemoteEndPoint);
                    }
                }
            });
        }

        public ushort Port => (ushort)((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _udp.Dispose();
            _stop.Dispose();
        }
    }
}
