namespace Fulcrum.Core.Net;

/// <summary>An inclusive range of ports, 1-65535. A single port is a range of one.</summary>
public readonly record struct PortRange
{
    /// <summary>Creates the range <paramref name="first"/>..<paramref name="last"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is 0 or <paramref name="first"/> is above <paramref name="last"/>.</exception>
    public PortRange(ushort first, ushort last)
    {
        ArgumentOutOfRangeException.ThrowIfZero(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, last);
        First = first;
        Last = last;
    }

    /// <summary>Every port (written <c>*</c>).</summary>
    public static PortRange All => new(1, ushort.MaxValue);

    /// <summary>The first port of the range.</summary>
    public ushort First { get; }

    /// <summary>The last port of the range (equal to <see cref="First"/> for a single port).</summary>
    public ushort Last { get; }

    /// <summary>True when the range is one port.</summary>
    public bool IsSinglePort => First == Last;

    /// <summary>True when the range covers every port.</summary>
    public bool IsAll => First == 1 && Last == ushort.MaxValue;

    /// <summary>A range of one port.</summary>
    public static PortRange Of(ushort port) => new(port, port);

    /// <summary>True when <paramref name="port"/> is in the range.</summary>
    public bool Contains(ushort port) => port >= First && port <= Last;

    /// <summary>True when the two ranges share at least one port.</summary>
    public bool Overlaps(PortRange other) => First <= other.Last && other.First <= Last;

    /// <summary>The config spelling: <c>80</c>, <c>8000-8100</c> or <c>*</c>.</summary>
    public override string ToString() => IsAll ? "*" : IsSinglePort ? $"{First}" : $"{First}-{Last}";
}
