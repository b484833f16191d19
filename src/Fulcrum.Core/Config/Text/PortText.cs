using System.Globalization;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config.Text;

/// <summary>Ports and port ranges: <c>80</c>, <c>8000-8100</c>, <c>*</c>.</summary>
internal static class PortText
{
    public static bool TryParsePort(string text, out ushort port, out string error)
    {
        port = 0;
        if (text.Length == 0 || text.Length > 9 || !text.All(char.IsAsciiDigit))
        {
            error = $"port '{text}' is not a number 1-65535";
            return false;
        }

        int value = int.Parse(text, CultureInfo.InvariantCulture);
        if (value is < 1 or > ushort.MaxValue)
        {
            error = $"port {value} is out of range 1-65535";
            return false;
        }

        port = (ushort)value;
        error = "";
        return true;
    }

    public static bool TryParseRange(string text, out PortRange range, out string error)
    {
        range = default;
        if (text == "*")
        {
            range = PortRange.All;
            error = "";
            return true;
        }

        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            if (!TryParsePort(text, out ushort single, out error))
            {
                return false;
            }

            range = PortRange.Of(single);
            return true;
        }

        if (dash == 0 || dash == text.Length - 1)
        {
            error = $"'{text}' is not a port or port range; write 80, 8000-8100 or *";
            return false;
        }

        if (!TryParsePort(text[..dash], out ushort first, out error) || !TryParsePort(text[(dash + 1)..], out ushort last, out error))
        {
            return false;
        }

        if (first > last)
        {
            error = $"port range {text} is backwards; write {last}-{first}";
            return false;
        }

        range = new PortRange(first, last);
        return true;
    }

    public static bool TryParseProtocol(string text, out L4Protocol protocol, out string error)
    {
        (protocol, error) = text switch
        {
            "tcp" => (L4Protocol.Tcp, ""),
            "udp" => (L4Protocol.Udp, ""),
            _ => (default, $"protocol '{text}' is not tcp or udp"),
        };
        return error.Length == 0;
    }
}
