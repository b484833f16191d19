using Fulcrum.Core.Vrrp;

namespace Fulcrum.Core.Tests.Vrrp.Engine;

public sealed class VrrpTrackingTests
{
    [Fact]
    public void Weights_apply_as_keepalived_does_negative_while_down_positive_while_up_clamped_to_1_254()
    {
        var tracking = new VrrpTracking([new("interface:eth2", -50), new("service:web", 20), new("command:check", -200)]);
        Assert.Equal(170, tracking.EffectivePriority(150)); // service up: +20

        Assert.True(tracking.Set("interface:eth2", up: false));
        Assert.Equal(120, tracking.EffectivePriority(150));
        Assert.True(tracking.Set("service:web", up: false));
        Assert.Equal(100, tracking.EffectivePriority(150));
        Assert.True(tracking.Set("command:check", up: false));
        Assert.Equal(1, tracking.EffectivePriority(150));
        Assert.Equal(254, new VrrpTracking([new("a", 200)]).EffectivePriority(150));
        Assert.False(tracking.IsFault);
    }

    [Fact]
    public void A_weight_0_object_down_is_a_fault_until_it_is_up_again()
    {
        var tracking = new VrrpTracking([new("interface:eth0", 0)]);
        Assert.False(tracking.Set("interface:eth0", up: true)); // unknown counts as up: no change
        Assert.True(tracking.Set("interface:eth0", up: false));
        Assert.True(tracking.IsFault);
        Assert.False(tracking.Set("interface:eth0", up: false));
        Assert.True(tracking.Set("interface:eth0", up: true));
        Assert.False(tracking.IsFault);
    }

    [Fact]
    public void Untracked_names_are_ignored_and_bad_definitions_refused()
    {
        var tracking = new VrrpTracking([new("interface:eth0", 0)]);
        Assert.False(tracking.Set("interface:eth9", up: false));
        Assert.False(tracking.IsFault);
        Assert.Throws<ArgumentException>(() => new VrrpTracking([new("x", 0), new("x", 5)]));
        Assert.Throws<ArgumentException>(() => new VrrpTracking([new("x", 255)]));
        Assert.Equal("eth1", new VrrpTrackedObject(VrrpTrackedObject.InterfaceName("eth1"), 0).Interface);
    }
}
