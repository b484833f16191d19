namespace Fulcrum.Core.Config;

/// <summary>Accepted HTTP status codes <see cref="First"/>..<see cref="Last"/> (inclusive, 100-599).</summary>
public readonly record struct StatusCodeRange(int First, int Last)
{
    /// <summary>True when <paramref name="status"/> is in the range.</summary>
    public bool Contains(int status) => status >= First && status <= Last;

    /// <summary>The config spelling: <c>200</c> or <c>200-299</c>.</summary>
    public override string ToString() => First == Last ? $"{First}" : $"{First}-{Last}";
}
