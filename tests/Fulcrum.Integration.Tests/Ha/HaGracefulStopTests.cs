using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Integration.Tests.Cli;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Integration.Tests.Netlink;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.DataPlane;
using Fulcrum.Linux.Firewall;
using Fulcrum.Linux.Vrrp;

namespace Fulcrum.Integration.Tests.Ha;

/// <summary>
/// Both balancers carry the lab's data plane (<c>fulcrum apply</c>) and run Fulcrum's VRRP; a client
/// requests http://VIP/ over new connections without pause while the master stops gracefully, or
/// hands over (<c>fulcrum failover</c>), with priority 0: the backup takes over after its Skew_Time,
/// the old master keeps the VIPs until it hears the new master (so no sample ever finds a VIP held
/// by nobody) and no request fails.
/// A connection in flight at the switch has its conntrack entry on lb1 only. Its next packet may reach
/// lb2 as a client's ACK (conntrack picks it up mid-stream: <c>apply</c> sets nf_conntrack_tcp_loose=1)
/// or as the real server's FIN, which conntrack never picks up: lb2 would drop it as invalid, and the
/// client would wait for the end of its response until it times out (1 request in ~10 runs before
/// the flow hand-off). So lb2 opens the flow hand-off (it took over from a live peer): for
/// <c>ha.flow_handoff</c> it sends such packets back to lb1, which still has the entries
/// (ARCHITECTURE.md, "Switch-over").
/// </summary>
[Collection(LabTestGroup.Name)]
public sealed class HaGracefulStopTests(LabFixture fixture) : IDisposable
{
    private readonly VipLocator _vips = HaKeepalivedInteropTests.CreateLocator(fixture);

    [PrivilegedFact]
    public Task Graceful_stop_of_the_master_under_a_continuous_client_fails_no_request() =>
        SwitchUnderClientAsync(preempt: true, async lb1 =>
        {
            await lb1.DisposeAsync(); // graceful: priority 0, VIPs removed once lb2 is heard
            return true;
        });

    [PrivilegedFact]
    public Task Failover_of_the_master_under_a_continuous_client_leaves_no_vip_without_a_holder_and_fails_no_request() =>
        SwitchUnderClientAsync(preempt: false, async lb1 =>
        {
            // fulcrum failover: priority 0, each VIP kept until lb2 is heard on its link; lb1 stays backup.
            Assert.True(await lb1.HandOverAsync());
            Assert.True(await Eventually.TrueAsync(() => lb1.IsBackup && !lb1.IsHandingOver && !lb1.IsReleasing, TimeSpan.FromSeconds(5)), "lb1 ends the hand-over as backup");
            return false;
        });

    /// <summary>
    /// Both balancers apply the lab's data plane and run VRRP, lb1 master; under a continuous client,
    /// <paramref name="resign"/> makes lb1 give up mastership (returns whether it stopped lb1). A sampler
    /// reads every ~1 ms who holds each VIP: lb1, then lb2, never nobody; no request fails.
    /// </summary>
    private async Task SwitchUnderClientAsync(bool preempt, Func<FulcrumNode, Task<bool>> resign)
    {
        using var config = new HaLabConfig(3, "100ms", preempt: preempt, scheduler: "maglev");
        var topology = fixture.Lab.Topology;
        var balancers = topology.Balancers.Take(2).ToArray();
        try
        {
            // A host hardened with loose pickup off: apply turns it back on (mid-stream adoption needs it).
            ProcessRunner.Run("ip", "netns", "exec", balancers[1].Namespace, "sysctl", "-qw", "net.netfilter.nf_conntrack_tcp_loose=0");
            await LabDataPlanes.ApplyAsync(config, balancers);

            Assert.Equal("1", LoosePickup(balancers[1].Namespace));
            // lb1 first: with preempt off, whichever node is master first stays master, and lb2 started
            // first could reach its Master_Down_Interval before lb1 is up.
            var lb1 = await FulcrumNode.StartAsync(config, "lb1", balancers[0].Namespace);
            var lb1Stopped = false;
            ClientLoop.Result result;
            try
            {
                await using var lb2 = await FulcrumNode.StartAsync(config, "lb2", balancers[1].Namespace);
                Assert.True(await Eventually.TrueAsync(() => lb1.IsMaster && lb2.IsBackup && _vips.OnlyOn(0), HaKeepalivedInteropTests.Deadline(config)));
                using var client = new ClientLoop(topology.Client.Namespace, VipLocator.PublicVip);
                Assert.True(await Eventually.TrueAsync(() => client.Answered >= 20, TimeSpan.FromSeconds(10)), "the client is answered through lb1");
                var before = client.Answered;

                string holders;
                using (var sampler = new HolderSampler(_vips))
                {
                    lb1Stopped = await resign(lb1);
                    Assert.True(await Eventually.TrueAsync(() => lb2.IsMaster && _vips.OnlyOn(1), HaKeepalivedInteropTests.Deadline(config)));
                    holders = sampler.Stop();
                }

                // lb1 resigned alive: lb2 sends the flows it does not know back to lb1's address on each link.
                Assert.True(
                    await Eventually.TrueAsync(() => LabDataPlanes.HandOffTable(balancers[1].Namespace) is { } table
                        && table.Contains("dup to 203.0.113.1 device \"eth0\"", StringComparison.Ordinal)
                        && table.Contains("dup to 192.168.20.1 device \"eth1\"", StringComparison.Ordinal), TimeSpan.FromSeconds(5)),
                    $"lb2 opened the flow hand-off to lb1: {LabDataPlanes.HandOffTable(balancers[1].Namespace) ?? "no table"}");

                Assert.StartsWith("public:lb1,private:lb1", holders, StringComparison.Ordinal);
                Assert.Contains("public:lb2,private:lb2", holders, StringComparison.Ordinal);
                Assert.True(!holders.Contains("nobody", StringComparison.Ordinal), $"a VIP was held by nobody during the switch: {holders}");
                var switched = client.Answered;
                Assert.True(await Eventually.TrueAsync(() => client.Answered >= switched + 50, TimeSpan.FromSeconds(10)), "the client is answered through lb2");
                result = client.Stop();
                Assert.True(before > 0 && result.Answered > switched);
            }
            finally
            {
                if (!lb1Stopped)
                {
                    await lb1.DisposeAsync();
                }
            }

            Assert.True(result.Failed == 0, $"{result.Failed} of {result.Answered + result.Failed} requests failed: {result.FirstFailure}");
        }
        finally
        {
            await LabDataPlanes.RemoveAsync(balancers);
        }
    }

    public void Dispose()
    {
        if (PrivilegedFactAttribute.SkipReason is null)
        {
            _vips.Reset();
        }

        _vips.Dispose();
    }

    // /proc/sys/net is per namespace: read it through a process inside.
    private static string LoosePickup(string networkNamespace) =>
        ProcessRunner.Run("ip", "netns", "exec", networkNamespace, "cat", "/proc/sys/net/netfilter/nf_conntrack_tcp_loose").Trim();

    /// <summary>
    /// Reads who holds each VIP about every millisecond on its own thread; <see cref="Stop"/> returns
    /// the runs of samples as "holders×count" (e.g. "lb1×120 both×1 lb2×300").
    /// </summary>
    private sealed class HolderSampler : IDisposable
    {
        private readonly VipLocator _vips;
        private readonly Thread _thread;
        private readonly List<(string Holder, int Count)> _runs = [];
        private volatile bool _running = true;

        public HolderSampler(VipLocator vips)
        {
            _vips = vips;
            _thread = new Thread(Run) { IsBackground = true, Name = "vip holders" };
            _thread.Start();
        }

        public string Stop()
        {
            _running = false;
            _thread.Join();
            return string.Join(" ", _runs.Select(r => $"{r.Holder}×{r.Count}"));
        }

        public void Dispose()
        {
            if (_running)
            {
                Stop();
            }
        }

        private static string Holder(bool lb1, bool lb2) => (lb1, lb2) switch
        {
            (true, true) => "both",
            (true, false) => "lb1",
            (false, true) => "lb2",
            _ => "nobody",
        };

        private void Run()
        {
            while (_running)
            {
                var sample = _vips.Sample();
                var holder = $"public:{Holder(sample[0].Public, sample[1].Public)},private:{Holder(sample[0].Private, sample[1].Private)}";
                if (_runs.Count > 0 && _runs[^1].Holder == holder)
                {
                    _runs[^1] = (holder, _runs[^1].Count + 1);
                }
                else
                {
                    _runs.Add((holder, 1));
                }

                Thread.Sleep(1); // the sampling period, not a wait for a condition
            }
        }
    }

    /// <summary>New connection per request to VIP:80 from the client's namespace, back to back, on its own thread.</summary>
    private sealed class ClientLoop : IDisposable
    {
        private readonly string _namespace;
        private readonly IPAddress _vip;
        private readonly Thread _thread;
        private volatile bool _running = true;
        private int _answered;
        private int _failed;
        private string? _firstFailure;
        private long _lastAnswer;
        private long _longestGap;

        public ClientLoop(string networkNamespace, IPAddress vip)
        {
            _namespace = networkNamespace;
            _vip = vip;
            _thread = new Thread(Run) { IsBackground = true, Name = "ha-client" };
            _thread.Start();
        }

        public int Answered => Volatile.Read(ref _answered);

        /// <summary>LongestGap is kept for diagnosis: a SYN that reached the old master just after it let go waits for TCP's retransmission (about 1 s) but does not fail.</summary>
        public sealed record Result(int Answered, int Failed, string? FirstFailure, TimeSpan LongestGap);

        public Result Stop()
        {
            _running = false;
            _thread.Join();
            return new Result(_answered, _failed, _firstFailure, Stopwatch.GetElapsedTime(0, _longestGap));
        }

        public void Dispose()
        {
            if (_running)
            {
                Stop();
            }
        }

        private void Run()
        {
            var request = Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\nHost: lab\r\n\r\n");
            var buffer = new byte[4096];
            while (_running)
            {
                try
                {
                    using var socket = NetworkNamespace.Run(_namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                    socket.ReceiveTimeout = 2000;
                    socket.SendTimeout = 2000;
                    using (var connect = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                    {
                        socket.ConnectAsync(new IPEndPoint(_vip, 80), connect.Token).AsTask().GetAwaiter().GetResult();
                    }

                    socket.Send(request);
                    var response = new StringBuilder();
                    int read;
                    while ((read = socket.Receive(buffer)) > 0)
                    {
                        response.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    if (!response.ToString().StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException("answer: " + response.ToString().Split('\n')[0]);
                    }

                    var now = Stopwatch.GetTimestamp();
                    if (_lastAnswer != 0)
                    {
                        _longestGap = Math.Max(_longestGap, now - _lastAnswer);
                    }

                    _lastAnswer = now;
                    Interlocked.Increment(ref _answered);
                }
                catch (Exception exception) when (exception is SocketException or OperationCanceledException or InvalidOperationException or IOException)
                {
                    _firstFailure ??= exception.Message;
                    Interlocked.Increment(ref _failed);
                }
            }
        }
    }
}
