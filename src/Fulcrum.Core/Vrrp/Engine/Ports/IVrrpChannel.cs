using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// The VRRP transport on one interface: a raw IP protocol 112 socket pair bound to the device
/// (adverts out with TTL 255 from the node's primary address; datagrams in, IPv4 header included).
/// </summary>
public interface IVrrpChannel : IDisposable
{
    /// <summary>The interface the channel is bound to (SO_BINDTODEVICE).</summary>
    string InterfaceName { get; }

    /// <summary>Sends one VRRP message (no IP header: the kernel builds it) to <paramref name="destination"/>.</summary>
    void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until a datagram is queued (it stays queued: read it with
    /// <see cref="TryReceive"/>). True when one is.
    /// </summary>
    bool WaitUntilReadable(TimeSpan timeout);

    /// <summary>
    /// Copies one datagram already queued, IPv4 header included, into <paramref name="buffer"/> without
    /// waiting; returns its length, or -1 when none is queued.
    /// </summary>
    int TryReceive(Span<byte> buffer);
}
