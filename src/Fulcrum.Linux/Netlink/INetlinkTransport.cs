namespace Fulcrum.Linux.Netlink;

/// <summary>
/// The datagram transport under <see cref="NetlinkClient"/>: a bound netlink socket in production,
/// a scripted fake kernel in unit tests.
/// </summary>
public interface INetlinkTransport : IDisposable
{
    /// <summary>The port id (nl_pid) the kernel assigned to this socket; replies carry it.</summary>
    uint PortId { get; }

    /// <summary>Sends one datagram (possibly many messages) to the kernel.</summary>
    void Send(ReadOnlySpan<byte> datagram);

    /// <summary>
    /// Receives one datagram. Returns its full length (which may exceed <paramref name="buffer"/>
    /// when it was truncated), or -1 when <paramref name="dontWait"/> is set and nothing is queued.
    /// </summary>
    /// <exception cref="TimeoutException">Waiting for a datagram took longer than the receive timeout.</exception>
    int Receive(Span<byte> buffer, bool dontWait, out uint senderPortId);

    /// <summary>
    /// Makes room for a request of <paramref name="sendBytes"/> bytes and <paramref name="receiveBytes"/>
    /// bytes of replies queued before they are read (the kernel drops replies that do not fit).
    /// </summary>
    void EnsureBufferSizes(int sendBytes, int receiveBytes);
}
