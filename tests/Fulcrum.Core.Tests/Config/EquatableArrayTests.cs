using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Tests.Config;

public sealed class EquatableArrayTests
{
    [Fact]
    public void Arrays_with_the_same_items_are_equal_with_equal_hash_codes()
    {
        EquatableArray<string> a = ["x", "y"];
        EquatableArray<string> b = new[] { "x", "y" }.ToEquatableArray();

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Order_matters()
    {
        EquatableArray<int> a = [1, 2];
        EquatableArray<int> b = [2, 1];

        Assert.NotEqual(a, b);
        Assert.True(a != b);
    }

    [Fact]
    public void Default_is_empty_and_equal_to_an_empty_array()
    {
        EquatableArray<int> none = default;

        Assert.Empty(none);
        Assert.True(none.IsEmpty);
        Assert.Equal([], none);
        Assert.Equal("[]", none.ToString());
    }

    [Fact]
    public void Records_holding_arrays_compare_by_content()
    {
        Assert.Equal(new Holder("a", [1, 2, 3]), new Holder("a", [1, 2, 3]));
        Assert.NotEqual(new Holder("a", [1, 2, 3]), new Holder("a", [1, 2]));
    }

    private sealed record Holder(string Name, EquatableArray<int> Items);
}
