using System.Net;
using System.Threading.Channels;
using Fulcrum.Core.Vrrp;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

/// <summary>
/// A node of the lab's shape (public on eth0, private on eth1, one sync group) on recording ports
/// and a <see cref="FakeTimeProvider"/>: tests move time and the harness fires what falls due,
/// exactly as the engine thread does.
/// </summary>
internal sealed class VrrpNodeHarness : IDisposable
{
    public static readonly IPAddress PublicVip = IPAddress.Parse("203.0.113.100");
    public static readonly IPAddress PrivateVip = IPAddress.Parse("192.168.20.254");
    public static readonly IPAddress Peer = IPAddress.Parse("203.0.113.2");

    private readonly TestMeterFactory _meters = new();

    public VrrpNodeHarness(
        byte priority = 150,
        bool preempt = true,
        IReadOnlyList<VrrpTrackedObject>? tracking = null,
        GratuitousArpOptions? arp = null,
        bool unicast = false,
        VrrpVersion version = VrrpVersion.V3,
        TimeSpan? flowHandOff = null)
    {
        Addresses = new RecordingAddressControl(Journal, "eth0", "eth1");
        Arp = new RecordingArpSender(Time, Journal);
        Public = new RecordingChannel("eth0", Time, Journal);
        Private = new RecordingChannel("eth1", Time, Journal);
        Metrics = new VrrpMetrics(_meters);
        var advert = version == VrrpVersion.V3 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
        Options = new VrrpNodeOptions
        {
            GroupName = "lab",
            Members =
            [
                Member("public", "eth0", "203.0.113.1", PublicVip, unicast ? [Peer] : []),
                Member("private", "eth1", "192.168.20.1", PrivateVip, unicast ? [IPAddress.Parse("192.168.20.2")] : []),
            ],
            Tracking = tracking ?? [],
            GratuitousArp = arp ?? new GratuitousArpOptions(),
            FlowHandOff = flowHandOff ?? VrrpNodeOptions.DefaultFlowHandOff,
        };
        FlowHandOff = new RecordingFlowHandOff();
        Transitions = Feed.Subscribe();
        Node = new VrrpNode(Options, [Public, Private], Addresses, Arp, Feed, Metrics, Logger, Time, FlowHandOff);

        VrrpMemberOptions Member(string name, string device, string primary, IPAddress vip, IReadOnlyList<IPAddress> peers) => new()
        {
            Instance = new VrrpInstanceOptions
            {
                Name = name,
                Version = version,
                VirtualRouterId = 51,
                Priority = priority,
                AdvertisementInterval = advert,
                Preempt = preempt,
                PrimaryAddress = IPAddress.Parse(primary),
                VirtualAddresses = [vip],
            },
            Interface = device,
            PrefixLength = 24,
            UnicastPeers = peers,
        };
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public RecordingAddressControl Addresses { get; }

    /// <summary>Address changes, adverts sent and announcements, in the order they happened.</summary>
    public List<string> Journal { get; } = [];

    public RecordingArpSender Arp { get; }

    public RecordingFlowHandOff FlowHandOff { get; }

    public RecordingChannel Public { get; }

    public RecordingChannel Private { get; }

    public VrrpMetrics Metrics { get; }

    public RecordingLogger Logger { get; } = new();

    public VrrpTransitionFeed Feed { get; } = new();

    public ChannelReader<VrrpTransition> Transitions { get; }

    public VrrpNodeOptions Options { get; }

    public VrrpNode Node { get; }

    public IReadOnlyList<VrrpState> States => [.. Node.Instances.Select(i => i.State)];

    /// <summary>Moves time on by <paramref name="span"/>, firing every deadline on the way at its exact time.</summary>
    public void Advance(TimeSpan span)
    {
        var end = Time.GetUtcNow() + span;
        while (Node.TimeToNextDeadline() is { } next && Time.GetUtcNow() + next <= end)
        {
            Time.Advance(next);
            Node.RunDueTimers();
        }

        Time.SetUtcNow(end);
    }

    public void StartAsMaster()
    {
        Node.Start();
        Advance(TimeSpan.FromSeconds(1));
        Assert.All(States, s => Assert.Equal(VrrpState.Master, s));
    }

    /// <summary>An advert from the peer on member <paramref name="member"/>.</summary>
    public void Receive(int member, byte priority) =>
        Node.OnAdvert(member, new VrrpAdvertisement(Options.Members[member].Instance.Version, 51, priority, Options.Members[member].Instance.AdvertisementIntervalCentiseconds, [member == 0 ? PublicVip : PrivateVip]), member == 0 ? Peer : IPAddress.Parse("192.168.20.2"));

    public List<VrrpTransition> DrainTransitions()
    {
        var list = new List<VrrpTransition>();
        while (Transitions.TryRead(out var transition))
        {
            list.Add(transition);
        }

        return list;
    }

    public void Dispose() => _meters.Dispose();
}
