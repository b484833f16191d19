using System.Globalization;
using System.Net;
using System.Text;
using System.Net.Sockets;

namespace Fulcrum.Health.Http;

/// <summary>The one request an HTTP probe sends: a minimal HTTP/1.1 GET that asks the server to close.</summary>
public static class HttpGetRequest
{
    /// <summary>
    /// <c>GET path HTTP/1.1</c> with Host (the configured host, else the target address and a non-default port),
    /// <c>Connection: close</c>, so the response ends where the connection does when it has no length.
    /// </summary>
    public static byte[] Build(string path, string? host, IPAddress address, ushort port, bool tls)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(address);
        ushort defaultPort = tls ? (ushort)443 : (ushort)80;
        string literal = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        string hostHeader = host ?? (port == defaultPort
            ? literal
            : string.Create(CultureInfo.InvariantCulture, $"{literal}:{port}"));
        return Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost: {hostHeader}\r\nUser-Agent: fulcrum-health\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    }
}
