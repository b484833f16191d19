using System.Collections.Immutable;

namespace Fulcrum.Core.Collections;

/// <summary>Factory methods for <see cref="EquatableArray{T}"/>, including collection-expression support.</summary>
public static class EquatableArray
{
    /// <summary>Copies <paramref name="items"/> into a new array.</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new(ImmutableArray.Create(items));

    /// <summary>Copies <paramref name="items"/> into a new array.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new([.. items]);
}
