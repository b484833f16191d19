using System.Net;
using Fulcrum.Core.Vrrp;
using static Fulcrum.Core.Tests.Vrrp.VrrpTestPackets;

namespace Fulcrum.Core.Tests.Vrrp;

public class VrrpSyncGroupTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MasterDown100 = TimeSpan.FromTicks(36_093_750);
    private static readonly IPAddress PrivateLb1 = IPAddress.Parse("192.168.20.1");
    private static readonly IPAddress PrivateLb2 = IPAddress.Parse("192.168.20.2");
    private static readonly IPAddress PrivateVip = IPAddress.Parse("192.168.20.254");

    private readonly VrrpTestDriver _driver = new();
    private readonly VrrpInstance _public;
    private readonly VrrpInstance _private;

    public VrrpSyncGroupTests()
    {
        _public = _driver.CreateInstance(new VrrpInstanceOptions
        {
            Name = "public", VirtualRouterId = 51, PrimaryAddress = Lb1, VirtualAddresses = [PublicVip],
        });
        _private = _driver.CreateInstance(new VrrpInstanceOptions
        {
            Name = "private", VirtualRouterId = 52, PrimaryAddress = PrivateLb1, VirtualAddresses = [PrivateVip],
        });
        _driver.Group = new VrrpSyncGroup("lb", [_public, _private]);
    }

    private static VrrpAdvertReceived PublicAdvert(byte priority) =>
        new(new VrrpAdvertisement(VrrpVersion.V3, 51, priority, 100, [PublicVip]), Lb2);

    private static VrrpAdvertReceived PrivateAdvert(byte priority) =>
        new(new VrrpAdvertisement(VrrpVersion.V3, 52, priority, 100, [PrivateVip]), PrivateLb2);

    private (VrrpState Public, VrrpState Private) States => (_public.State, _private.State);

    private void StartAsMasters()
    {
        _driver.StartGroup();
        _driver.Advance(MasterDown100);
        Assert.Equal((VrrpState.Master, VrrpState.Master), States);
    }

    [Fact]
    public void Members_start_as_backups_and_become_master_together()
    {
        _driver.StartGroup();
        Assert.Equal((VrrpState.Backup, VrrpState.Backup), States);

        var fired = _driver.Advance(MasterDown100);

        Assert.Equal((VrrpState.Master, VrrpState.Master), States);
        var changes = fired.Where(f => f.Action is VrrpStateChanged).ToList();
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal(
            new VrrpStateChanged(VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDown), c.Action));
        Assert.Equal(2, fired.Count(f => f.Action is VrrpAddVirtualAddresses));
    }

    [Fact]
    public void A_member_whose_master_is_alive_holds_the_group_in_backup()
    {
        _driver.StartGroup();

        // lb2 stays master on the private link only: the public link lost its adverts.
        for (var second = 0; second < 10; second++)
        {
            _driver.Deliver(_private, PrivateAdvert(150));
            _driver.Advance(Second);
        }

        Assert.Equal((VrrpState.Backup, VrrpState.Backup), States);

        // The private adverts stop too: once its timer runs out, both take over at once.
        _driver.Advance(MasterDown100);

        Assert.Equal((VrrpState.Master, VrrpState.Master), States);
    }

    [Fact]
    public void A_master_resigning_on_one_link_takes_the_whole_group_over_after_skew_time()
    {
        _driver.StartGroup();
        _driver.Deliver(_public, PublicAdvert(150));
        _driver.Deliver(_private, PrivateAdvert(150));
        _driver.Advance(Second / 2);

        // lb2's public link went down: its priority-0 advert reaches the private link only.
        var results = _driver.Deliver(_private, PrivateAdvert(0));

        var skew = TimeSpan.FromTicks(6_093_750); // (256 − 100) × 1 s / 256
        Assert.Equal([new VrrpArmMasterDownTimer(skew)], results.Single(r => r.Instance == _public).Actions);
        Assert.Equal(skew, _driver.TimeToTimer(_public));
        Assert.Equal(skew, _driver.TimeToTimer(_private));
        _driver.Advance(skew - TimeSpan.FromTicks(1));
        Assert.Equal((VrrpState.Backup, VrrpState.Backup), States);
        _driver.Advance(TimeSpan.FromTicks(1));
        Assert.Equal((VrrpState.Master, VrrpState.Master), States);
    }

    [Fact]
    public void A_resignation_on_one_link_does_not_move_the_group_while_the_other_links_master_speaks()
    {
        _driver.StartGroup();
        _driver.Deliver(_private, PrivateAdvert(0));

        for (var i = 0; i < 10; i++)
        {
            _driver.Deliver(_public, PublicAdvert(150));
            _driver.Advance(Second);
        }

        Assert.Equal((VrrpState.Backup, VrrpState.Backup), States);
    }

    [Fact]
    public void A_resignation_heard_by_a_member_already_ready_leaves_its_timer_alone()
    {
        _driver.StartGroup();
        _driver.Deliver(_private, PrivateAdvert(150));
        _driver.Advance(3 * Second);
        _driver.Deliver(_private, PrivateAdvert(150));
        _driver.Advance(Second); // public: ready at 3.6 s (its master is silent); private: held by its advert
        Assert.Equal((VrrpState.Backup, VrrpState.Backup), States);
        var publicTimer = _driver.TimeToTimer(_public);

        var results = _driver.Deliver(_private, PrivateAdvert(0));

        Assert.DoesNotContain(results, r => r.Instance == _public);
        Assert.Equal(publicTimer, _driver.TimeToTimer(_public));
    }

    [Fact]
    public void A_demoted_member_takes_the_others_to_backup_and_they_resign()
    {
        StartAsMasters();

        var results = _driver.Deliver(_public, PublicAdvert(150));

        Assert.Equal((VrrpState.Backup, VrrpState.Backup), States);
        var privateActions = results.Single(r => r.Instance == _private).Actions;
        Assert.Equal(
            [
                new VrrpCancelTimers(),
                new VrrpSendAdvert(new VrrpAdvertisement(VrrpVersion.V3, 52, 0, 100, [PrivateVip])),
                new VrrpRemoveVirtualAddresses(),
                new VrrpArmMasterDownTimer(MasterDown100),
                new VrrpStateChanged(VrrpState.Master, VrrpState.Backup, VrrpTransitionReason.SyncGroup),
            ],
            privateActions);
    }

    [Fact]
    public void A_fault_on_one_member_takes_every_member_to_fault_and_back()
    {
        StartAsMasters();

        var raised = _driver.Deliver(_private, new VrrpFaultRaised());

        Assert.Equal((VrrpState.Fault, VrrpState.Fault), States);
        Assert.Contains(new VrrpStateChanged(VrrpState.Master, VrrpState.Fault, VrrpTransitionReason.SyncGroup),
            raised.Single(r => r.Instance == _public).Actions);
        Assert.Contains(new VrrpStateChanged(VrrpState.Master, VrrpState.Fault, VrrpTransitionReason.FaultRaised),
            raised.Single(r => r.Instance == _private).Actions);

        _driver.Deliver(_private, new VrrpFaultCleared());

        Assert.Equal((VrrpState.Backup, VrrpState.Backup), States);
        Assert.Equal(MasterDown100, _driver.TimeToTimer(_public));
    }

    [Fact]
    public void The_group_stays_in_fault_until_every_fault_clears()
    {
        _driver.StartGroup();
        _driver.Deliver(_public, new VrrpFaultRaised());
        _driver.Deliver(_private, new VrrpFaultRaised());

        Assert.Empty(_driver.Deliver(_public, new VrrpFaultCleared()));
        Assert.Equal((VrrpState.Fault, VrrpState.Fault), States);

        _driver.Deliver(_private, new VrrpFaultCleared());

        Assert.Equal((VrrpState.Backup, VrrpState.Backup), States);
    }

    [Fact]
    public void A_fault_present_at_startup_holds_every_member_in_fault()
    {
        _driver.Deliver(_private, new VrrpFaultRaised());

        _driver.StartGroup();

        Assert.Equal((VrrpState.Fault, VrrpState.Fault), States);
        Assert.Empty(_driver.Advance(10 * MasterDown100));
    }

    [Fact]
    public void Shutdown_stops_every_member()
    {
        StartAsMasters();

        var results = _driver.Group!.Shutdown();

        Assert.Equal((VrrpState.Initialize, VrrpState.Initialize), States);
        Assert.All(results, r => Assert.Contains(r.Actions, a => a is VrrpSendAdvert { Advertisement.Priority: 0 }));
    }

    [Fact]
    public void A_member_belongs_to_one_group_only()
    {
        Assert.Throws<ArgumentException>(() => new VrrpSyncGroup("again", [_public]));
        var other = _driver.CreateInstance(_public.Options with { Name = "other" });
        Assert.Throws<ArgumentException>(() => new VrrpSyncGroup("twice", [other, other]));
    }

    [Fact]
    public void Events_for_strangers_are_refused()
    {
        var stranger = _driver.CreateInstance(_public.Options with { Name = "stranger" });

        Assert.Throws<ArgumentException>(() => _driver.Group!.Handle(stranger, new VrrpStartup()));
    }
}
