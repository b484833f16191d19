using Fulcrum.Lab;

namespace Fulcrum.Core.Tests.Lab;

/// <summary>The exact commands the lab runs, against a recording fake: no root, no kernel.</summary>
public sealed class NetworkLabTests : IDisposable
{
    private readonly string _testDirectory = Directory.CreateTempSubdirectory("fulcrum-lab-test").FullName;
    private readonly FakeProcessControl _processes = new();
    private readonly RecordingCommandRunner _runner;

    public NetworkLabTests() => _runner = new RecordingCommandRunner(_processes);

    /// <summary>The labs' state root; <see cref="NetworkLab.DownAsync"/> removes it once it is empty.</summary>
    private string StateRoot => Path.Combine(_testDirectory, "state");

    public void Dispose() => Directory.Delete(_testDirectory, recursive: true);

    [Fact]
    public async Task Up_builds_the_topology_in_order()
    {
        var lab = CreateLab(servers: 1);

        await lab.UpAsync();

        var state = Path.Combine(StateRoot, "fl");
        Assert.Equal(
            [
                "ip -j netns list", // leftovers of an earlier run: none
                "ip netns add fl-sw", "ip -n fl-sw link set dev lo up",
                "ip netns add fl-client", "ip -n fl-client link set dev lo up",
                "ip netns add fl-inet", "ip -n fl-inet link set dev lo up",
                "ip netns add fl-lb1", "ip -n fl-lb1 link set dev lo up",
                "ip netns add fl-lb2", "ip -n fl-lb2 link set dev lo up",
                "ip netns add fl-rs1", "ip -n fl-rs1 link set dev lo up",
                "ip -n fl-sw link add name public type bridge", "ip -n fl-sw link set dev public up",
                "ip -n fl-sw link add name private type bridge", "ip -n fl-sw link set dev private up",
                .. Connect("client", "client", "eth0", "public", "203.0.113.50/24"),
                .. Connect("inet", "inet", "eth0", "public", "203.0.113.200/24"),
                .. Connect("lb1", "lb1-pub", "eth0", "public", "203.0.113.1/24"),
                .. Connect("lb1", "lb1-priv", "eth1", "private", "192.168.20.1/24"),
                "ip netns exec fl-lb1 sysctl -q -w net.ipv4.ip_forward=1",
                .. Connect("lb2", "lb2-pub", "eth0", "public", "203.0.113.2/24"),
                .. Connect("lb2", "lb2-priv", "eth1", "private", "192.168.20.2/24"),
                "ip netns exec fl-lb2 sysctl -q -w net.ipv4.ip_forward=1",
                .. Connect("rs1", "rs1", "eth0", "private", "192.168.20.11/24"),
                "ip -n fl-rs1 route add default via 192.168.20.254 dev eth0 onlink",
                $"openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj /CN=rs1.lab -keyout {state}/rs1/key.pem -out {state}/rs1/cert.pem",
                $"ip netns exec fl-rs1 nginx -p {state}/rs1/ -c {state}/rs1/nginx.conf -e {state}/rs1/error.log",
                "ip netns exec fl-rs1 ss -H -l -t -n sport = :80",
            ],
            _runner.Commands);
        Assert.True(_processes.IsRunning(4000));
    }

    [Fact]
    public async Task Up_removes_leftovers_of_the_same_prefix_first_but_not_other_labs()
    {
        foreach (var ns in new[] { "fl-rs7", "fl-sw", "fl2-client", "other" })
        {
            _runner.AddExistingNamespace(ns);
        }

        _runner.NamespacePids["fl-rs7"] = [777];
        _processes.Start(777, "nginx: worker process");

        await CreateLab(servers: 1).UpAsync();

        Assert.Equal(
            ["ip -j netns list", "ip netns pids fl-sw", "ip netns pids fl-rs7", "ip netns delete fl-rs7", "ip netns delete fl-sw"],
            _runner.Commands.Take(5));
        Assert.Equal(["TERM 777"], _processes.Signals);
        Assert.Contains("fl2-client", _runner.Namespaces);
        Assert.Contains("other", _runner.Namespaces);
    }

    [Fact]
    public async Task Up_that_fails_midway_removes_what_it_made_and_names_the_cause()
    {
        _runner.FailOn = "ip -n fl-sw link add name lb2-priv type veth peer name eth1 netns fl-lb2";
        var lab = CreateLab(servers: 2);

        var error = await Assert.ThrowsAsync<LabException>(() => lab.UpAsync());

        Assert.Contains($"`{_runner.FailOn}` exited with 2: RTNETLINK answers: File exists", error.Message, StringComparison.Ordinal);
        Assert.Empty(_runner.Namespaces);
        Assert.False(Directory.Exists(lab.StateDirectory));
        Assert.DoesNotContain(_runner.Commands, c => c.Contains("nginx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Up_that_fails_after_starting_nginx_stops_it()
    {
        _runner.FailOn = "ip -n fl-sw link add name rs2 type veth peer name eth0 netns fl-rs2";
        var lab = CreateLab(servers: 2);

        await Assert.ThrowsAsync<LabException>(() => lab.UpAsync());

        Assert.Equal(["TERM 4000"], _processes.Signals);
        Assert.Empty(_runner.Namespaces);
    }

    [Fact]
    public async Task Down_stops_recorded_nginx_even_when_its_namespace_is_gone()
    {
        var lab = CreateLab(servers: 2);
        await lab.UpAsync();
        _runner.Commands.Clear();
        _runner.AddExistingNamespace("unrelated"); // present, not ours
        _runner.RemoveNamespace("fl-rs1"); // deleted by hand under a running nginx

        await lab.DownAsync();

        Assert.Equal(["TERM 4000", "TERM 4001"], _processes.Signals.Order());
        Assert.Equal(["unrelated"], _runner.Namespaces);
        Assert.False(Directory.Exists(lab.StateDirectory));
        Assert.Equal("ip netns delete fl-sw", _runner.Commands[^1]); // the switch last
        Assert.False(Directory.Exists(StateRoot)); // the shared root goes with the last lab
    }

    [Fact]
    public async Task Down_never_signals_a_recycled_pid()
    {
        var lab = CreateLab(servers: 1);
        await lab.UpAsync();
        _processes.Terminate(4000);
        _processes.Signals.Clear();
        _processes.Start(4000, "/usr/bin/some-other-program"); // the pid was reused

        await lab.DownAsync();

        Assert.Empty(_processes.Signals);
        Assert.True(_processes.IsRunning(4000));
    }

    [Fact]
    public async Task Down_when_nothing_exists_only_looks()
    {
        await CreateLab(servers: 3).DownAsync();

        Assert.Equal(["ip -j netns list"], _runner.Commands);
        Assert.Empty(_processes.Signals);
    }

    [Fact]
    public async Task Exec_runs_the_program_inside_the_node_namespace()
    {
        var lab = CreateLab(servers: 1);

        await lab.ExecAsync(lab.Topology.Client, ["ping", "-c", "1", "203.0.113.1"]);

        Assert.Equal(["ip netns exec fl-client ping -c 1 203.0.113.1"], _runner.Commands);
    }

    private NetworkLab CreateLab(int servers) =>
        new(LabTopology.Create("fl-", servers), _runner, _processes, StateRoot, TimeProvider.System);

    private static string[] Connect(string node, string port, string iface, string bridge, string cidr) =>
    [
        $"ip -n fl-sw link add name {port} type veth peer name {iface} netns fl-{node}",
        $"ip -n fl-sw link set dev {port} master {bridge}",
        $"ip -n fl-sw link set dev {port} up",
        $"ip -n fl-{node} addr add {cidr} dev {iface}",
        $"ip -n fl-{node} link set dev {iface} up",
    ];
}
