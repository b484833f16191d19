using System.Text.RegularExpressions;

namespace Fulcrum.Core.Tests.Linux;

/// <summary>
/// Hex helpers for golden-byte tests. Each line holds hex groups separated by single spaces or
/// '|'; two or more spaces start a comment that runs to the end of the line.
/// </summary>
internal static partial class Hex
{
    public static byte[] Parse(string hex)
    {
        var digits = hex.Split('\n')
            .Select(line => CommentStart().Split(line.Trim(), 2)[0])
            .SelectMany(line => line.Where(Uri.IsHexDigit));
        return Convert.FromHexString(new string(digits.ToArray()));
    }

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(" {2,}")]
    private static partial Regex CommentStart();
}
