using System.Globalization;

namespace Fulcrum.Cli.Output;

/// <summary>
/// Numbers for people: counts as 999, 1.2K, 3.4M; bytes as 999 B, 1.2 KB, 3.4 MB (decimal: 1 KB =
/// 1000 B, like the counts); rates per second; durations as 42s, 5m07s, 1h02m, 3d04h.
/// </summary>
internal static class HumanUnits
{
    private static readonly string[] Prefixes = ["", "K", "M", "G", "T", "P", "E"];

    /// <summary>A count: exact below 1000, then one decimal and a prefix (1.2K).</summary>
    public static string Count(double value) => value < 1000 ? Whole(value) : Scale(value, out string p) + p;

    /// <summary>A count that may be unknown (shown as <c>-</c>).</summary>
    public static string Count(long? value) => value is { } v ? Count((double)v) : "-";

    /// <summary>Bytes: 999 B, 45.7 KB, 3.4 MB.</summary>
    public static string Bytes(double value) => value < 1000 ? Whole(value) + " B" : Scale(value, out string p) + " " + p + "B";

    /// <summary>A rate of things per second: 0.3, 40, 1.2K.</summary>
    public static string Rate(double perSecond) => perSecond < 10 ? Format(perSecond, "0.0") : Count(perSecond);

    /// <summary>Bytes per second: 0 B/s, 950 B/s, 9.0 KB/s, 3.4 MB/s.</summary>
    public static string ByteRate(double perSecond) => Bytes(perSecond) + "/s";

    /// <summary>An elapsed time: 42s, 5m07s, 1h02m, 3d04h (negative clocks show as 0s).</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        long seconds = (long)span.TotalSeconds;
        return seconds switch
        {
            < 60 => Format(seconds, "0") + "s",
            < 3600 => Format(seconds / 60, "0") + "m" + Format(seconds % 60, "00") + "s",
            < 86400 => Format(seconds / 3600, "0") + "h" + Format(seconds / 60 % 60, "00") + "m",
            _ => Format(seconds / 86400, "0") + "d" + Format(seconds / 3600 % 24, "00") + "h",
        };
    }

    /// <summary>A probe's latency in seconds: 0.8ms, 12.3ms, 1.20s.</summary>
    public static string Latency(double? seconds) => seconds switch
    {
        null => "-",
        < 1 => Format(seconds.Value * 1000, "0.0") + "ms",
        _ => Format(seconds.Value, "0.00") + "s",
    };

    /// <summary>A number of seconds as written in a config file: 0.1 → 100ms, 1 → 1s, 300 → 300s.</summary>
    public static string Seconds(double seconds) =>
        seconds < 1 ? Format(seconds * 1000, "0.###") + "ms" : Format(seconds, "0.###") + "s";

    private static string Whole(double value) => Format(Math.Round(value, MidpointRounding.AwayFromZero), "0");

    // value >= 1000: divided down to [1, 1000) (rounding included) with its SI prefix.
    private static string Scale(double value, out string prefix)
    {
        int index = 0;
        while (value >= 999.95 && index < Prefixes.Length - 1)
        {
            value /= 1000;
            index++;
        }

        prefix = Prefixes[index];
        return Format(value, "0.0");
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
