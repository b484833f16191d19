using CsCheck;
using Fulcrum.Core.Scheduling;

namespace Fulcrum.Core.Tests.Scheduling;

public sealed class WeightedSlotLayoutTests
{
    [Fact]
    public void Three_to_one_to_zero_is_four_slots_with_the_drained_server_absent()
    {
        Assert.Equal([0, 0, 1, 0], WeightedSlotLayout.Build([3, 1, 0]));
    }

    [Fact]
    public void Weights_are_reduced_by_their_gcd()
    {
        Assert.Equal(WeightedSlotLayout.Build([3, 1]), WeightedSlotLayout.Build([300, 100]));
        Assert.Equal([0, 1, 2], WeightedSlotLayout.Build([7, 7, 7]));
    }

    [Fact]
    public void Smooth_order_interleaves_a_heavy_backend_with_the_light_ones()
    {
        Assert.Equal([0, 0, 1, 0, 2, 0, 0], WeightedSlotLayout.Build([5, 1, 1]));
    }

    [Fact]
    public void No_positive_weight_gives_an_empty_table()
    {
        Assert.Empty(WeightedSlotLayout.Build([0, 0]));
        Assert.Empty(WeightedSlotLayout.Build([]));
    }

    [Fact]
    public void A_sum_above_the_cap_is_scaled_and_every_usable_backend_keeps_a_slot()
    {
        var slots = WeightedSlotLayout.Build([65535, 1, 30000], maxSlots: 1024);

        Assert.InRange(slots.Length, 1000, 1030);
        Assert.Equal(1, slots.Count(s => s == 1));
        Assert.InRange(slots.Count(s => s == 0) / (double)slots.Count(s => s == 2), 2.1, 2.26);
    }

    [Fact]
    public void Weights_outside_the_range_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WeightedSlotLayout.Build([65536]));
        Assert.Throws<ArgumentException>(() => WeightedSlotLayout.Build([-1]));
    }

    [Fact]
    public void Slot_shares_follow_the_weights_within_one_slot_when_under_the_cap()
    {
        Gen.Int[0, 40].Array[1, 8].Sample(weights =>
        {
            var slots = WeightedSlotLayout.Build(weights);
            var reduced = WeightedSlotLayout.Reduce(weights);
            for (var i = 0; i < weights.Length; i++)
            {
                Assert.Equal(reduced[i], slots.Count(s => s == i));
            }

            var sum = weights.Sum();
            if (sum > 0)
            {
                // Exact proportions: count_i / slots = weight_i / sum.
                for (var i = 0; i < weights.Length; i++)
                {
                    Assert.Equal((long)weights[i] * slots.Length, (long)slots.Count(s => s == i) * sum);
                }
            }
        });
    }

    [Fact]
    public void Every_window_of_a_backend_is_spread_no_more_than_one_slot_from_its_share()
    {
        // Smoothness: in any prefix, a backend has taken within one slot of its proportional share.
        Gen.Int[1, 20].Array[2, 6].Sample(weights =>
        {
            var slots = WeightedSlotLayout.Build(weights);
            var reduced = WeightedSlotLayout.Reduce(weights);
            var total = reduced.Sum();
            var taken = new int[weights.Length];
            for (var n = 1; n <= slots.Length; n++)
            {
                taken[slots[n - 1]]++;
                for (var i = 0; i < weights.Length; i++)
                {
                    Assert.InRange(taken[i] - ((double)reduced[i] * n / total), -1.0, 1.0);
                }
            }
        });
    }
}
