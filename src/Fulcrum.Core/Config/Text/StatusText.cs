using System.Globalization;

namespace Fulcrum.Core.Config.Text;

/// <summary>HTTP status codes and ranges: <c>200</c>, <c>200-299</c> (RFC 9110 §15: 100-599).</summary>
internal static class StatusText
{
    public static bool TryParse(string text, out StatusCodeRange range, out string error)
    {
        range = default;
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        string firstText = dash < 0 ? text : text[..dash];
        string lastText = dash < 0 ? text : text[(dash + 1)..];
        if (!TryParseCode(firstText, out int first, out error) || !TryParseCode(lastText, out int last, out error))
        {
            return false;
        }

        if (first > last)
        {
            error = $"status range {text} is backwards; write {last}-{first}";
            return false;
        }

        range = new StatusCodeRange(first, last);
        return true;
    }

    private static bool TryParseCode(string text, out int code, out string error)
    {
        code = 0;
        if (text.Length != 3 || !text.All(char.IsAsciiDigit)
            || int.Parse(text, CultureInfo.InvariantCulture) is var value && value is < 100 or > 599)
        {
            error = $"'{text}' is not an HTTP status code (100-599)";
            return false;
        }

        code = value;
        error = "";
        return true;
    }
}
