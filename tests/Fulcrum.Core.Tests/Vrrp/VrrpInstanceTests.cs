using System.Net;
using Fulcrum.Core.Vrrp;
using static Fulcrum.Core.Tests.Vrrp.VrrpTestPackets;

namespace Fulcrum.Core.Tests.Vrrp;

public class VrrpInstanceTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    // Priority 100, 1 s: Skew_Time = 156/256 s, Master_Down_Interval = 3 + 156/256 s.
    private static readonly TimeSpan Skew100 = TimeSpan.FromTicks(6_093_750);
    private static readonly TimeSpan MasterDown100 = TimeSpan.FromTicks(36_093_750);

    private readonly VrrpTestDriver _driver = new();

    private static VrrpInstanceOptions Options(byte priority = 100, VrrpVersion version = VrrpVersion.V3) => new()
    {
        Name = "public",
        Version = version,
        VirtualRouterId = 51,
        Priority = priority,
        PrimaryAddress = Lb1,
        VirtualAddresses = [PublicVip],
    };

    private static VrrpAdvertReceived AdvertFrom(IPAddress source, byte priority, ushort intervalCentiseconds = 100, VrrpVersion version = VrrpVersion.V3) =>
        new(new VrrpAdvertisement(version, 51, priority, intervalCentiseconds, [PublicVip]), source);

    private static VrrpSendAdvert Advert(byte priority, VrrpVersion version = VrrpVersion.V3) =>
        new(new VrrpAdvertisement(version, 51, priority, 100, [PublicVip]));

    private VrrpInstance Started(VrrpInstanceOptions options)
    {
        var instance = _driver.CreateInstance(options);
        _driver.Send(instance, new VrrpStartup());
        return instance;
    }

    private VrrpInstance Master(VrrpInstanceOptions options)
    {
        var instance = Started(options);
        _driver.Advance(MasterDown100 + Second);
        Assert.Equal(VrrpState.Master, instance.State);
        return instance;
    }

    private static IEnumerable<VrrpAction> ActionsOf(IEnumerable<(VrrpInstance Instance, VrrpAction Action)> log) => log.Select(l => l.Action);

    [Fact]
    public void Startup_enters_backup_and_arms_the_master_down_timer()
    {
        var instance = _driver.CreateInstance(Options());

        var actions = _driver.Send(instance, new VrrpStartup());

        Assert.Equal(
            [new VrrpArmMasterDownTimer(MasterDown100), new VrrpStateChanged(VrrpState.Initialize, VrrpState.Backup, VrrpTransitionReason.Startup)],
            actions);
        Assert.Equal(VrrpState.Backup, instance.State);
        Assert.Equal(_driver.Time.GetUtcNow(), instance.LastTransitionAt);
    }

    [Fact]
    public void Backup_becomes_master_exactly_when_the_master_down_interval_passes()
    {
        var instance = Started(Options());

        Assert.Empty(_driver.Advance(MasterDown100 - Tick));
        Assert.Equal(VrrpState.Backup, instance.State);

        var fired = _driver.Advance(Tick);

        Assert.Equal(
            [
                new VrrpAddVirtualAddresses(),
                Advert(100),
                new VrrpSendGratuitousArp(),
                new VrrpArmAdvertTimer(Second),
                new VrrpStateChanged(VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDown),
            ],
            ActionsOf(fired));
        Assert.Equal(VrrpState.Master, instance.State);
    }

    [Fact]
    public void Master_sends_an_advert_every_interval()
    {
        Master(Options());

        var fired = _driver.Advance(3 * Second);

        Assert.Equal(6, fired.Count);
        Assert.Equal([Advert(100), new VrrpArmAdvertTimer(Second)], ActionsOf(fired).Take(2));
    }

    [Fact]
    public void Backup_accepting_an_advert_rearms_the_master_down_timer_and_stays_backup()
    {
        var instance = Started(Options());

        for (var i = 0; i < 10; i++)
        {
            _driver.Advance(Second);
            Assert.Equal([new VrrpArmMasterDownTimer(MasterDown100)], _driver.Send(instance, AdvertFrom(Lb2, 150)));
        }

        Assert.Equal(VrrpState.Backup, instance.State);
        Assert.Equal(Lb2, instance.MasterAddress);
    }

    [Fact]
    public void Backup_learns_the_masters_interval_in_v3()
    {
        var instance = Started(Options());

        var actions = _driver.Send(instance, AdvertFrom(Lb2, 150, intervalCentiseconds: 50));

        Assert.Equal(TimeSpan.FromMilliseconds(500), instance.MasterAdvertisementInterval);
        // 3 × 0.5 s + 156 × 0.5 s / 256
        Assert.Equal([new VrrpArmMasterDownTimer(TimeSpan.FromTicks(15_000_000 + 3_046_875))], actions);
    }

    [Fact]
    public void V2_backup_keeps_its_own_interval_and_v2_skew()
    {
        var instance = Started(Options(version: VrrpVersion.V2));

        var actions = _driver.Send(instance, AdvertFrom(Lb2, 150, intervalCentiseconds: 100, version: VrrpVersion.V2));

        Assert.Equal(Second, instance.MasterAdvertisementInterval);
        Assert.Equal([new VrrpArmMasterDownTimer(MasterDown100)], actions);
    }

    [Fact]
    public void A_higher_priority_advert_demotes_the_master_and_teaches_it_the_interval()
    {
        var instance = Master(Options());

        var actions = _driver.Send(instance, AdvertFrom(Lb2, 150, intervalCentiseconds: 200));

        Assert.Equal(
            [
                new VrrpCancelTimers(),
                new VrrpRemoveVirtualAddresses(),
                new VrrpArmMasterDownTimer((6 * Second) + (2 * Skew100)),
                new VrrpStateChanged(VrrpState.Master, VrrpState.Backup, VrrpTransitionReason.PreemptedByAdvert),
            ],
            actions);
        Assert.Equal(Lb2, instance.MasterAddress);
    }

    [Fact]
    public void A_lower_priority_advert_is_discarded_by_the_master()
    {
        var instance = Master(Options());

        Assert.Empty(_driver.Send(instance, AdvertFrom(Lb2, 99)));
        Assert.Equal(VrrpState.Master, instance.State);
    }

    [Fact]
    public void Equal_priority_is_won_by_the_higher_primary_address()
    {
        var instance = Master(Options()); // we are 203.0.113.1

        Assert.Empty(_driver.Send(instance, AdvertFrom(IPAddress.Parse("203.0.113.0"), 100)));
        Assert.Empty(_driver.Send(instance, AdvertFrom(IPAddress.Parse("192.168.20.1"), 100)));
        Assert.Equal(VrrpState.Master, instance.State);

        _driver.Send(instance, AdvertFrom(Lb2, 100)); // 203.0.113.2 > 203.0.113.1

        Assert.Equal(VrrpState.Backup, instance.State);
    }

    [Fact]
    public void Address_comparison_is_unsigned()
    {
        var instance = Master(Options() with { PrimaryAddress = IPAddress.Parse("10.0.0.1") });

        _driver.Send(instance, AdvertFrom(IPAddress.Parse("200.0.0.1"), 100)); // above 2^31: must still compare higher

        Assert.Equal(VrrpState.Backup, instance.State);
    }

    [Fact]
    public void Master_answers_a_priority_zero_advert_at_once()
    {
        var instance = Master(Options());
        _driver.Advance(TimeSpan.FromMilliseconds(300));

        var actions = _driver.Send(instance, AdvertFrom(Lb2, 0));

        Assert.Equal([Advert(100), new VrrpArmAdvertTimer(Second)], actions);
        Assert.Equal(Second, _driver.TimeToTimer(instance));
    }

    [Fact]
    public void Priority_zero_advert_makes_the_backup_take_over_at_skew_time()
    {
        var instance = Started(Options());
        _driver.Send(instance, AdvertFrom(Lb2, 150));

        Assert.Equal([new VrrpArmMasterDownTimer(Skew100)], _driver.Send(instance, AdvertFrom(Lb2, 0)));
        Assert.Empty(_driver.Advance(Skew100 - Tick));

        var fired = _driver.Advance(Tick);

        Assert.Contains(new VrrpStateChanged(VrrpState.Backup, VrrpState.Master, VrrpTransitionReason.MasterDown), ActionsOf(fired));
    }

    [Fact]
    public void Preempting_backup_discards_a_lower_priority_master_and_takes_over_after_master_down_interval()
    {
        var instance = Started(Options(priority: 150));
        var masterDown150 = TimeSpan.FromTicks(34_140_625);

        Assert.Empty(_driver.Send(instance, AdvertFrom(Lb2, 100)));
        _driver.Advance(Second);
        Assert.Empty(_driver.Send(instance, AdvertFrom(Lb2, 100)));
        _driver.Advance(masterDown150 - Second);

        Assert.Equal(VrrpState.Master, instance.State);
    }

    [Fact]
    public void Preempt_delay_keeps_honouring_a_lower_master_until_the_delay_has_passed()
    {
        var instance = Started(Options(priority: 150) with { PreemptDelay = TimeSpan.FromSeconds(10) });
        var masterDown150 = TimeSpan.FromTicks(34_140_625);

        // The lower master advertises every second from t = 0; the first run starts the delay.
        for (var second = 0; second < 10; second++)
        {
            Assert.Equal([new VrrpArmMasterDownTimer(masterDown150)], _driver.Send(instance, AdvertFrom(Lb2, 100)));
            _driver.Advance(Second);
        }

        // t = 10 s: the delay is over; adverts are discarded and the timer armed at t = 9 s runs out.
        for (var second = 10; second < 12; second++)
        {
            Assert.Empty(_driver.Send(instance, AdvertFrom(Lb2, 100)));
            _driver.Advance(Second);
        }

        // t = 12 s: still backup; the timer armed at t = 9 s fires at 9 s + Master_Down_Interval.
        Assert.Equal(VrrpState.Backup, instance.State);
        var remaining = TimeSpan.FromSeconds(9) + masterDown150 - TimeSpan.FromSeconds(12);
        Assert.Equal(remaining, _driver.TimeToTimer(instance));
        _driver.Advance(remaining);
        Assert.Equal(VrrpState.Master, instance.State);
    }

    [Fact]
    public void Preempt_delay_restarts_when_a_master_at_least_as_good_shows_up()
    {
        var instance = Started(Options(priority: 150) with { PreemptDelay = TimeSpan.FromSeconds(5) });

        _driver.Send(instance, AdvertFrom(Lb2, 100));     // t = 0: delay starts
        _driver.Advance(TimeSpan.FromSeconds(3));
        _driver.Send(instance, AdvertFrom(Lb2, 200));     // t = 3: a better master; the run is broken
        _driver.Advance(TimeSpan.FromSeconds(1));
        _driver.Send(instance, AdvertFrom(Lb2, 100));     // t = 4: a new run starts
        _driver.Advance(TimeSpan.FromSeconds(3));

        Assert.NotEmpty(_driver.Send(instance, AdvertFrom(Lb2, 100))); // t = 7: only 3 s into the new run
    }

    [Fact]
    public void Nopreempt_backup_never_takes_over_from_a_live_lower_priority_master()
    {
        var instance = Started(Options(priority: 200) with { Preempt = false });

        for (var second = 0; second < 60; second++)
        {
            Assert.NotEmpty(_driver.Send(instance, AdvertFrom(Lb2, 100)));
            _driver.Advance(Second);
        }

        Assert.Equal(VrrpState.Backup, instance.State);
    }

    [Fact]
    public void Shutdown_as_master_sends_priority_zero_then_removes_the_addresses()
    {
        var instance = Master(Options());

        var actions = _driver.Send(instance, new VrrpShutdown());

        Assert.Equal(
            [
                new VrrpCancelTimers(),
                Advert(0),
                new VrrpRemoveVirtualAddresses(),
                new VrrpStateChanged(VrrpState.Master, VrrpState.Initialize, VrrpTransitionReason.Shutdown),
            ],
            actions);
        Assert.Null(_driver.TimeToTimer(instance));
    }

    [Fact]
    public void Shutdown_as_backup_cancels_the_timer()
    {
        var instance = Started(Options());

        Assert.Equal(
            [new VrrpCancelTimers(), new VrrpStateChanged(VrrpState.Backup, VrrpState.Initialize, VrrpTransitionReason.Shutdown)],
            _driver.Send(instance, new VrrpShutdown()));
    }

    [Fact]
    public void Fault_takes_a_master_out_with_a_priority_zero_advert_and_clearing_it_returns_to_backup()
    {
        var instance = Master(Options());

        Assert.Equal(
            [
                new VrrpCancelTimers(),
                Advert(0),
                new VrrpRemoveVirtualAddresses(),
                new VrrpStateChanged(VrrpState.Master, VrrpState.Fault, VrrpTransitionReason.FaultRaised),
            ],
            _driver.Send(instance, new VrrpFaultRaised()));
        Assert.Empty(_driver.Send(instance, AdvertFrom(Lb2, 150)));

        Assert.Equal(
            [new VrrpArmMasterDownTimer(MasterDown100), new VrrpStateChanged(VrrpState.Fault, VrrpState.Backup, VrrpTransitionReason.FaultCleared)],
            _driver.Send(instance, new VrrpFaultCleared()));
    }

    [Fact]
    public void A_fault_raised_before_startup_starts_the_instance_in_fault()
    {
        var instance = _driver.CreateInstance(Options());

        Assert.Empty(_driver.Send(instance, new VrrpFaultRaised()));
        _driver.Send(instance, new VrrpStartup());

        Assert.Equal(VrrpState.Fault, instance.State);
        Assert.Null(_driver.TimeToTimer(instance));
    }

    [Fact]
    public void A_priority_change_in_master_is_advertised_at_once()
    {
        var instance = Master(Options());

        Assert.Equal([Advert(90), new VrrpArmAdvertTimer(Second)], _driver.Send(instance, new VrrpPriorityChanged(90)));
        Assert.Empty(_driver.Send(instance, new VrrpPriorityChanged(90)));
        Assert.Equal(90, instance.Priority);
    }

    [Fact]
    public void A_priority_change_in_backup_changes_the_skew()
    {
        var instance = Started(Options());

        Assert.Empty(_driver.Send(instance, new VrrpPriorityChanged(254)));

        Assert.Equal(TimeSpan.FromTicks(78_125), instance.SkewTime);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    public void Effective_priority_must_stay_in_1_to_254(byte priority)
    {
        var instance = Started(Options());

        Assert.Throws<ArgumentOutOfRangeException>(() => instance.Handle(new VrrpPriorityChanged(priority)));
    }

    [Fact]
    public void Stale_timer_expiries_are_ignored()
    {
        var backup = Started(Options());
        Assert.Empty(backup.Handle(new VrrpAdvertTimerExpired()));

        var master = Master(Options());
        Assert.Empty(master.Handle(new VrrpMasterDownTimerExpired()));
    }

    [Fact]
    public void Events_before_startup_do_nothing()
    {
        var instance = _driver.CreateInstance(Options());

        Assert.Empty(instance.Handle(AdvertFrom(Lb2, 150)));
        Assert.Empty(instance.Handle(new VrrpMasterDownTimerExpired()));
        Assert.Empty(instance.Handle(new VrrpShutdown()));
        Assert.Equal(VrrpState.Initialize, instance.State);
    }

    [Fact]
    public void An_advert_for_another_virtual_router_is_a_driver_bug()
    {
        var instance = Started(Options());
        var stray = new VrrpAdvertReceived(new VrrpAdvertisement(VrrpVersion.V3, 52, 100, 100, [PublicVip]), Lb2);

        Assert.Throws<ArgumentException>(() => instance.Handle(stray));
    }
}
