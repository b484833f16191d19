using System.Globalization;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Turns YAML values into typed values, reporting each problem at the value's position.
/// Every method returns false after reporting, or silently for an absent or already-reported
/// value, so callers never report twice.
/// </summary>
internal sealed class ValueReader(DiagnosticBag diagnostics)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public bool TryText(YamlValue? value, string what, out string text)
    {
        text = "";
        switch (value)
        {
            case null or YamlRejected:
                return false;
            case YamlScalar { IsNull: true }:
                Diagnostics.Error(value.Start, $"{what} has no value");
                return false;
            case YamlScalar scalar:
                text = scalar.Text;
                return true;
            default:
                Diagnostics.Error(value.Start, $"{what} should be a single value, but it is {value.Description}");
                return false;
        }
    }

    /// <summary>Like <see cref="TryText"/>, but an empty string is reported too.</summary>
    public bool TryNonEmptyText(YamlValue? value, string what, out string text)
    {
        if (!TryText(value, what, out text))
        {
            return false;
        }

        if (text.Length == 0)
        {
            Diagnostics.Error(value!.Start, $"{what} cannot be empty");
            return false;
        }

        return true;
    }

    public bool TryParse<T>(YamlValue? value, string what, TextParser<T> parser, out T result)
    {
        result = default!;
        if (!TryText(value, what, out string text))
        {
            return false;
        }

        if (!parser(text, out result, out string error))
        {
            Diagnostics.Error(value!.Start, error);
            return false;
        }

        return true;
    }

    public bool TryInt(YamlValue? value, string what, int min, int max, out int result)
    {
        result = 0;
        if (!TryText(value, what, out string text))
        {
            return false;
        }

        bool isNumber = text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit);
        bool isNegative = text.Length is > 1 and <= 10 && text[0] == '-' && text[1..].All(char.IsAsciiDigit);
        if (!isNumber && !isNegative)
        {
            Diagnostics.Error(value!.Start, $"{what} should be a whole number, not '{text}'");
            return false;
        }

        result = int.Parse(text, CultureInfo.InvariantCulture);
        if (result < min || result > max)
        {
            Diagnostics.Error(value!.Start, $"{what} {result} is out of range {min}-{max}");
            return false;
        }

        return true;
    }

    public bool TryBool(YamlValue? value, string what, out bool result)
    {
        result = false;
        if (!TryText(value, what, out string text))
        {
            return false;
        }

        // YAML 1.2 core schema spellings; yes/no/on/off are YAML 1.1 and deliberately refused.
        switch (text)
        {
            case "true" or "True" or "TRUE":
                result = true;
                return true;
            case "false" or "False" or "FALSE":
                return true;
            default:
                Diagnostics.Error(value!.Start, $"{what} should be true or false, not '{text}'");
                return false;
        }
    }

    public bool TryDuration(YamlValue? value, string what, TimeSpan min, TimeSpan max, out TimeSpan result)
    {
        if (!TryParse(value, what, Text.DurationText.TryParse, out result))
        {
            return false;
        }

        if (result < min || result > max)
        {
            string range = $"{Text.DurationText.Format(min)}-{Text.DurationText.Format(max)}";
            Diagnostics.Error(value!.Start, $"{what} {Text.DurationText.Format(result)} is out of range {range}");
            return false;
        }

        return true;
    }

    /// <summary>One of <paramref name="names"/>; unknown words get the valid list and a did-you-mean.</summary>
    public bool TryEnum<T>(YamlValue? value, string what, IReadOnlyDictionary<string, T> names, out T result)
    {
        result = default!;
        if (!TryText(value, what, out string text))
        {
            return false;
        }

        if (names.TryGetValue(text, out T? found))
        {
            result = found;
            return true;
        }

        string valid = string.Join(", ", names.Keys);
        Diagnostics.Error(value!.Start, $"unknown {what} '{text}'{Spelling.DidYouMean(text, names.Keys)} (valid: {valid})");
        return false;
    }

    /// <summary>The items of a list; a single value is reported unless <paramref name="allowSingle"/> makes it a list of one.</summary>
    public bool TryList(YamlValue? value, string what, out IReadOnlyList<YamlValue> items, bool allowSingle = false)
    {
        items = [];
        switch (value)
        {
            case null or YamlRejected:
                return false;
            case YamlSequence sequence:
                items = sequence.Items;
                return true;
            case YamlScalar { IsNull: false } when allowSingle:
                items = [value];
                return true;
            default:
                Diagnostics.Error(value.Start, $"{what} should be a list, but it is {value.Description}");
                return false;
        }
    }

    /// <summary>Parses every item of a list; false when the list or any item was reported.</summary>
    public bool TryParseList<T>(YamlValue? value, string what, TextParser<T> parser, out List<(T Value, SourceMark At)> result, bool allowSingle = false)
    {
        result = [];
        if (!TryList(value, what, out IReadOnlyList<YamlValue> items, allowSingle))
        {
            return false;
        }

        bool allParsed = true;
        foreach (YamlValue item in items)
        {
            if (TryParse(item, what + " item", parser, out T parsed))
            {
                result.Add((parsed, item.Start));
            }
            else
            {
                allParsed = false;
            }
        }

        return allParsed;
    }
}
