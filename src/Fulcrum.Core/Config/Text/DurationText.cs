using System.Globalization;
using System.Text;

namespace Fulcrum.Core.Config.Text;

/// <summary>
/// Durations as Go and Prometheus write them: <c>100ms</c>, <c>1s</c>, <c>1m30s</c>, <c>2h</c>.
/// Whole numbers per unit, units from largest to smallest, millisecond precision.
/// </summary>
internal static class DurationText
{
    // Longer than any timer in the config; keeps arithmetic far from overflow.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static bool TryParse(string text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            error = $"duration '{text}' needs a unit: write {text}ms, {text}s, {text}m or {text}h";
            return false;
        }

        int position = 0;
        int lastUnitIndex = -1;
        while (position < text.Length)
        {
            int digitsStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            int unitStart = position;
            while (position < text.Length && char.IsAsciiLetter(text[position]))
            {
                position++;
            }

            string digits = text[digitsStart..unitStart];
            string unit = text[unitStart..position];
            if (digits.Length is 0 or > 9 || unit.Length == 0)
            {
                error = $"'{text}' is not a duration; write it like 100ms, 1s, 1m30s or 2h";
                return false;
            }

            int unitIndex = Array.FindIndex(Units, u => u.Unit == unit);
            if (unitIndex < 0)
            {
                error = $"'{text}' has unknown unit '{unit}'; use ms, s, m or h";
                return false;
            }

            if (unitIndex <= lastUnitIndex)
            {
                error = $"'{text}' is not a duration: write each unit once, largest first, like 1m30s";
                return false;
            }

            lastUnitIndex = unitIndex;
            long count = long.Parse(digits, CultureInfo.InvariantCulture);
            TimeSpan size = Units[unitIndex].Size;
            if (count > Longest.Ticks / size.Ticks || (duration += TimeSpan.FromTicks(count * size.Ticks)) > Longest)
            {
                error = $"duration '{text}' is too long (at most 365 days)";
                return false;
            }
        }

        if (text.Length == 0)
        {
            error = "a duration cannot be empty; write it like 100ms or 1s";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>The canonical spelling: largest units first, zero parts left out (<c>1m30s</c>, <c>100ms</c>, <c>0s</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative.</exception>
    public static string Format(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (duration < TimeSpan.FromMilliseconds(1))
        {
            return "0s";
        }

        var text = new StringBuilder();
        TimeSpan left = duration;
        foreach ((string unit, TimeSpan size) in Units)
        {
            long count = left.Ticks / size.Ticks;
            if (count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{count}{unit}");
                left -= size * count;
            }
        }

        return text.ToString();
    }
}
