using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Core.Config.Text;

/// <summary>
/// Strict parsing of addresses and prefixes. <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// accepts "10.1" and octal "010.0.0.1", which in a firewall config are almost always mistakes.
/// </summary>
internal static class AddressText
{
    public static bool TryParseAddress(string text, out IPAddress address, out string error)
    {
        address = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('%', StringComparison.Ordinal))
            {
                error = $"'{text}' has a zone index (%...); write the address without it";
                return false;
            }

            if (IPAddress.TryParse(text, out IPAddress? v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                error = "";
                return true;
            }

            error = $"'{text}' is not a valid IPv6 address";
            return false;
        }

        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            error = $"'{text}' is not a valid IP address (an IPv4 address has four numbers, like 192.0.2.10)";
            return false;
        }

        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            string part = parts[i];
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit))
            {
                error = $"'{text}' is not a valid IP address ('{part}' is not a number 0-255)";
                return false;
            }

            if (part.Length > 1 && part[0] == '0')
            {
                error = $"'{text}' is not a valid IP address (leading zero in '{part}'; some tools read it as octal)";
                return false;
            }

            int value = int.Parse(part, CultureInfo.InvariantCulture);
            if (value > 255)
            {
                error = $"'{text}' is not a valid IP address ({value} is greater than 255)";
                return false;
            }

            bytes[i] = (byte)value;
        }

        address = new IPAddress(bytes);
        error = "";
        return true;
    }

    /// <summary>Parses "address/length"; the host bits must be zero (the error names the canonical form).</summary>
    public static bool TryParsePrefix(string text, out IPNetwork prefix, out string error)
    {
        prefix = default;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' is not a prefix: write address/length, like 192.0.2.0/24";
            return false;
        }

        if (!TryParseAddress(text[..slash], out IPAddress address, out error))
        {
            return false;
        }

        int maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        string lengthText = text[(slash + 1)..];
        if (lengthText.Length is 0 or > 3 || !lengthText.All(char.IsAsciiDigit)
            || int.Parse(lengthText, CultureInfo.InvariantCulture) is var length && length > maxLength)
        {
            error = $"'{text}' has an invalid prefix length '{lengthText}' (0-{maxLength})";
            return false;
        }

        IPAddress canonical = MaskHostBits(address, length);
        if (!canonical.Equals(address))
        {
            error = $"'{text}' has host bits set; did you mean {canonical}/{length}?";
            return false;
        }

        prefix = new IPNetwork(canonical, length);
        error = "";
        return true;
    }

    private static IPAddress MaskHostBits(IPAddress address, int length)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int bitsKept = Math.Clamp(length - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsKept));
        }

        return new IPAddress(bytes);
    }
}
