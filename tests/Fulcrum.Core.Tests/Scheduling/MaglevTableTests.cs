using Fulcrum.Core.Scheduling;

namespace Fulcrum.Core.Tests.Scheduling;

public class MaglevTableTests
{
    private static List<MaglevBackend> Backends(int count, int weight = 1) =>
        Enumerable.Range(1, count).Select(i => new MaglevBackend($"192.168.20.{i}:80", weight)).ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(100)]
    public void Equal_weights_split_the_slots_within_one(int count)
    {
        var table = MaglevTable.Build(Backends(count));

        var slots = Enumerable.Range(0, count).Select(table.CountSlots).ToList();
        Assert.Equal(MaglevTable.DefaultSize, slots.Sum());
        Assert.True(slots.Max() - slots.Min() <= 1, $"slot counts {slots.Min()}..{slots.Max()}");
    }

    [Fact]
    public void Weights_3_1_0_give_three_quarters_one_quarter_and_nothing()
    {
        var table = MaglevTable.Build(new[]
        {
            new MaglevBackend("a", 3), new MaglevBackend("b", 1), new MaglevBackend("c", 0),
        });

        Assert.Equal(0.75, table.CountSlots(0) / (double)table.Size, precision: 3);
        Assert.Equal(0.25, table.CountSlots(1) / (double)table.Size, precision: 3);
        Assert.Equal(0, table.CountSlots(2));
    }

    [Fact]
    public void All_weights_zero_give_an_empty_table()
    {
        var table = MaglevTable.Build(new[] { new MaglevBackend("a", 0) });

        Assert.True(table.IsEmpty);
        Assert.All(table.Entries.ToArray(), e => Assert.Equal(MaglevTable.NoBackend, e));
    }

    [Fact]
    public void No_backends_give_an_empty_table()
    {
        Assert.True(MaglevTable.Build(Array.Empty<MaglevBackend>()).IsEmpty);
    }

    [Fact]
    public void The_same_backends_in_another_order_give_the_same_slot_owners()
    {
        var forward = Backends(10);
        var reversed = Enumerable.Reverse(forward).ToList();

        var a = MaglevTable.Build(forward);
        var b = MaglevTable.Build(reversed);

        for (int slot = 0; slot < a.Size; slot++)
        {
            Assert.Equal(a.Backends[a[slot]].Key, b.Backends[b[slot]].Key);
        }
    }

    [Fact]
    public void The_table_is_a_pure_function_of_its_input()
    {
        // Both balancers build the table independently; it must not depend on the process.
        var a = MaglevTable.Build(Backends(5));
        var b = MaglevTable.Build(Backends(5));

        Assert.True(a.Entries.SequenceEqual(b.Entries));
        // Pinned values: a change of hash or algorithm would silently move every flow when one
        // balancer is upgraded before the other. Change them only on purpose.
        Assert.Equal(PinnedFirstSlots, a.Entries[..8].ToArray());
    }

    private static readonly int[] PinnedFirstSlots = [4, 4, 0, 0, 1, 2, 0, 1];

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(50)]
    public void Removing_one_of_n_moves_at_most_one_nth_plus_one_percent_of_the_others_flows(int count)
    {
        var all = Backends(count);
        var before = MaglevTable.Build(all);
        var removedKey = all[count / 2].Key;
        var after = MaglevTable.Build(all.Where(b => b.Key != removedKey).ToList());

        int othersSlots = 0, moved = 0;
        for (int slot = 0; slot < before.Size; slot++)
        {
            string owner = before.Backends[before[slot]].Key;
            if (owner == removedKey)
            {
                continue;
            }

            othersSlots++;
            if (after.Backends[after[slot]].Key != owner)
            {
                moved++;
            }
        }

        double movedShare = moved / (double)othersSlots;
        Assert.True(movedShare <= 1.0 / count + 0.01, $"{movedShare:P2} of the other backends' flows moved");
    }

    [Fact]
    public void Draining_a_backend_keeps_the_others_slots_in_place()
    {
        var all = Backends(4);
        var before = MaglevTable.Build(all);
        var drained = all.Select((b, i) => i == 1 ? b with { Weight = 0 } : b).ToList();
        var after = MaglevTable.Build(drained);

        int moved = 0, others = 0;
        for (int slot = 0; slot < before.Size; slot++)
        {
            if (before[slot] == 1)
            {
                Assert.NotEqual(1, after[slot]);
                continue;
            }

            others++;
            moved += before[slot] == after[slot] ? 0 : 1;
        }

        Assert.True(moved / (double)others <= 0.25 + 0.01);
    }

    [Fact]
    public void A_repeated_key_is_refused_with_its_name()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            MaglevTable.Build(new[] { new MaglevBackend("x", 1), new MaglevBackend("x", 2) }));
        Assert.Contains("'x' appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_weight_outside_0_to_65535_is_refused(int weight)
    {
        Assert.Throws<ArgumentException>(() => MaglevTable.Build(new[] { new MaglevBackend("x", weight) }));
    }

    [Theory]
    [InlineData(65536)]
    [InlineData(3)]
    public void A_size_that_is_not_a_prime_above_the_backend_count_is_refused(int size)
    {
        Assert.Throws<ArgumentException>(() => MaglevTable.Build(Backends(3), size));
    }
}
