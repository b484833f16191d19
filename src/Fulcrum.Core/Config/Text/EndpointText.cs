using System.Net;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config.Text;

/// <summary>
/// Endpoint spellings: <c>VIP:ports/proto</c> for a service, <c>address[:port]</c> for a server,
/// <c>proto/ports</c> for a firewall rule. IPv6 hosts are bracketed when a port follows.
/// </summary>
internal static class EndpointText
{
    public static bool TryParseListen(string text, out ListenEndpoint listen, out string error)
    {
        listen = default;
        int slash = text.LastIndexOf('/');
        if (slash < 0)
        {
            error = $"'{text}' has no protocol; write VIP:port/tcp or VIP:port/udp";
            return false;
        }

        if (!PortText.TryParseProtocol(text[(slash + 1)..], out L4Protocol protocol, out error)
            || !TrySplitHostPort(text[..slash], out string host, out string? portText, out error))
        {
            return false;
        }

        if (portText is null)
        {
            error = $"'{text}' has no port; write VIP:port/proto, VIP:first-last/proto or VIP:*/proto";
            return false;
        }

        if (!AddressText.TryParseAddress(host, out IPAddress address, out error)
            || !PortText.TryParseRange(portText, out PortRange ports, out error))
        {
            return false;
        }

        listen = new ListenEndpoint(address, ports, protocol);
        return true;
    }

    public static bool TryParseServer(string text, out ServerEndpoint server, out string error)
    {
        server = default;
        if (!TrySplitHostPort(text, out string host, out string? portText, out error)
            || !AddressText.TryParseAddress(host, out IPAddress address, out error))
        {
            return false;
        }

        ushort? port = null;
        if (portText is not null)
        {
            if (!PortText.TryParsePort(portText, out ushort parsed, out error))
            {
                return false;
            }

            port = parsed;
        }

        server = new ServerEndpoint(address, port);
        return true;
    }

    public static bool TryParsePortRule(string text, out PortRule rule, out string error)
    {
        rule = default;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' should be protocol/port, like tcp/443 or udp/6000-6100";
            return false;
        }

        if (!PortText.TryParseProtocol(text[..slash], out L4Protocol protocol, out error)
            || !PortText.TryParseRange(text[(slash + 1)..], out PortRange ports, out error))
        {
            return false;
        }

        rule = new PortRule(protocol, ports);
        return true;
    }

    /// <summary>"host:port", "[v6]:port", "[v6]", "host" or a bare IPv6 address (several colons, no port).</summary>
    private static bool TrySplitHostPort(string text, out string host, out string? port, out string error)
    {
        error = "";
        port = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                host = text;
                error = $"'{text}' has '[' without a closing ']'";
                return false;
            }

            host = text[1..close];
            string rest = text[(close + 1)..];
            if (rest.Length == 0)
            {
                return true;
            }

            if (rest[0] != ':')
            {
                error = $"'{text}' should have ':port' after ']'";
                return false;
            }

            port = rest[1..];
            return true;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && colon == text.LastIndexOf(':'))
        {
            host = text[..colon];
            port = text[(colon + 1)..];
            return true;
        }

        host = text;
        return true;
    }
}
