using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Fulcrum.Core.Config.Writing;

/// <summary>Writes a string as a YAML scalar: plain when that is unambiguous, double-quoted otherwise.</summary>
internal static partial class YamlScalarText
{
    public static string Format(string value)
    {
        if (SafePlain().IsMatch(value) && !LooksLikeKeyword().IsMatch(value))
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool isPairedSurrogate = char.IsHighSurrogate(c) ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                : char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]);
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\t' => quoted.Append("\\t"),
                // Control characters, the characters YAML treats as line breaks or BOM, and lone surrogates.
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' || (char.IsSurrogate(c) && !isPairedSurrogate)
                    => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    // Words, numbers, paths and IPv4 endpoints such as 203.0.113.100:80/tcp: plain in both
    // block and flow context. Anything with spaces, quotes, brackets or IPv6 colons is quoted.
    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./*-]*(:[0-9*][0-9*-]*)?(/[a-z]+)?$")]
    private static partial Regex SafePlain();

    // Quoted so that other YAML tools (YAML 1.1 booleans, null) read them as strings too.
    [GeneratedRegex("^(?i:true|false|yes|no|on|off|y|n|null)$")]
    private static partial Regex LooksLikeKeyword();
}
