using System.Runtime.InteropServices;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Netlink;

/// <summary>
/// A bound netlink socket: socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol), bind to port 0
/// (the kernel assigns the port id), NETLINK_EXT_ACK and NETLINK_CAP_ACK on, a receive timeout.
/// </summary>
/// <remarks>
/// send/recv are P/Invoked rather than going through <see cref="System.Net.Sockets.Socket"/>:
/// the receive loop needs the sender's <c>sockaddr_nl</c> (to drop datagrams not sent by the
/// kernel), MSG_DONTWAIT per call (to drain replies the kernel queued synchronously) and
/// MSG_TRUNC (to detect a datagram larger than the buffer), and it reports errno by name;
/// the managed Socket hides all four.
/// </remarks>
public sealed class NetlinkSocket : INetlinkTransport
{
    private static readonly TimeSpan DefaultReceiveTimeout = TimeSpan.FromSeconds(5);
    private readonly SafeNetlinkSocketHandle _handle;
    private int _sendBufferSize;
    private int _receiveBufferSize;

    private NetlinkSocket(SafeNetlinkSocketHandle handle, uint portId)
    {
        _handle = handle;
        PortId = portId;
    }

    /// <inheritdoc />
    public uint PortId { get; }

    /// <summary>
    /// Opens a socket for <paramref name="protocol"/>, in <paramref name="networkNamespace"/> when given
    /// (a named namespace under /run/netns, as <c>ip netns add</c> creates) or in the caller's, and
    /// joins <paramref name="multicastGroups"/> (NETLINK_ADD_MEMBERSHIP, e.g. NFNLGRP_CONNTRACK_NEW)
    /// when given: the kernel's notifications for those groups then queue on the socket.
    /// </summary>
    public static NetlinkSocket Open(NetlinkProtocol protocol, string? networkNamespace = null, TimeSpan? receiveTimeout = null, IReadOnlyCollection<uint>? multicastGroups = null)
    {
        var timeout = receiveTimeout ?? DefaultReceiveTimeout;
        var groups = multicastGroups ?? [];
        return networkNamespace is null
            ? OpenHere(protocol, timeout, groups)
            : NetworkNamespace.Run(networkNamespace, () => OpenHere(protocol, timeout, groups));
    }

    /// <inheritdoc />
    public unsafe void Send(ReadOnlySpan<byte> datagram)
    {
        var kernel = new sockaddr_nl { nl_family = NetlinkConstants.AF_NETLINK };
        while (true)
        {
            nint sent;
            fixed (byte* data = datagram)
            {
                sent = Libc.sendto(_handle, data, (nuint)datagram.Length, 0, kernel, sockaddr_nl.Size);
            }

            if (sent >= 0)
            {
                if (sent != datagram.Length)
                {
                    throw new NetlinkProtocolException($"sendto sent {sent} of {datagram.Length} bytes.");
                }

                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                throw NetlinkException.FromErrno("sendto", errno);
            }
        }
    }

    /// <inheritdoc />
    public unsafe int Receive(Span<byte> buffer, bool dontWait, out uint senderPortId)
    {
        var flags = NetlinkConstants.MSG_TRUNC | (dontWait ? NetlinkConstants.MSG_DONTWAIT : 0);
        while (true)
        {
            nint received;
            sockaddr_nl source;
            uint sourceLength = sockaddr_nl.Size;
            fixed (byte* data = buffer)
            {
                received = Libc.recvfrom(_handle, data, (nuint)buffer.Length, flags, out source, ref sourceLength);
            }

            if (received >= 0)
            {
                senderPortId = source.nl_pid;
                return (int)received;
            }

            var errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case Errno.EINTR:
                    continue;
                case Errno.EAGAIN when dontWait:
                    senderPortId = 0;
                    return -1;
                case Errno.EAGAIN:
                    throw new TimeoutException("No netlink reply arrived within the socket's receive timeout.");
                default:
                    throw NetlinkException.FromErrno("recvfrom", errno);
            }
        }
    }

    /// <inheritdoc />
    public void EnsureBufferSizes(int sendBytes, int receiveBytes)
    {
        // A netlink datagram must fit in the send buffer (else EMSGSIZE), and every reply the kernel
        // queues while processing a batch must fit in the receive buffer (else ENOBUFS and lost ACKs).
        // The *FORCE options exceed net.core.[rw]mem_max with CAP_NET_ADMIN, as nft does.
        if (sendBytes > _sendBufferSize)
        {
            SetBufferSize(NetlinkConstants.SO_SNDBUFFORCE, NetlinkConstants.SO_SNDBUF, sendBytes);
            _sendBufferSize = sendBytes;
        }

        if (receiveBytes > _receiveBufferSize)
        {
            SetBufferSize(NetlinkConstants.SO_RCVBUFFORCE, NetlinkConstants.SO_RCVBUF, receiveBytes);
            _receiveBufferSize = receiveBytes;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    private static NetlinkSocket OpenHere(NetlinkProtocol protocol, TimeSpan receiveTimeout, IReadOnlyCollection<uint> multicastGroups)
    {
        var handle = Libc.socket(NetlinkConstants.AF_NETLINK, NetlinkConstants.SOCK_RAW | NetlinkConstants.SOCK_CLOEXEC, (int)protocol);
        if (handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw NetlinkException.FromErrno("socket(AF_NETLINK)", errno);
        }

        try
        {
            var address = new sockaddr_nl { nl_family = NetlinkConstants.AF_NETLINK };
            Check(Libc.bind(handle, address, sockaddr_nl.Size), "bind");
            uint length = sockaddr_nl.Size;
            Check(Libc.getsockname(handle, out var bound, ref length), "getsockname");
            SetInt32(handle, NetlinkConstants.SOL_NETLINK, NetlinkConstants.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            SetInt32(handle, NetlinkConstants.SOL_NETLINK, NetlinkConstants.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            SetReceiveTimeout(handle, receiveTimeout);
            foreach (var group in multicastGroups)
            {
                SetInt32(handle, NetlinkConstants.SOL_NETLINK, NetlinkConstants.NETLINK_ADD_MEMBERSHIP, checked((int)group), "NETLINK_ADD_MEMBERSHIP");
            }

            return new NetlinkSocket(handle, bound.nl_pid);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private void SetBufferSize(int forcedOption, int option, int bytes)
    {
        if (TrySetInt32(_handle, NetlinkConstants.SOL_SOCKET, forcedOption, bytes))
        {
            return;
        }

        SetInt32(_handle, NetlinkConstants.SOL_SOCKET, option, bytes, "SO_SNDBUF/SO_RCVBUF");
    }

    private static unsafe void SetReceiveTimeout(SafeNetlinkSocketHandle handle, TimeSpan timeout)
    {
        // struct timeval { time_t tv_sec; suseconds_t tv_usec; } on 64-bit Linux.
        var microseconds = (long)timeout.TotalMicroseconds;
        var timeval = stackalloc long[2] { microseconds / 1_000_000, microseconds % 1_000_000 };
        Check(Libc.setsockopt(handle, NetlinkConstants.SOL_SOCKET, NetlinkConstants.SO_RCVTIMEO_OLD, timeval, 2 * sizeof(long)), "SO_RCVTIMEO");
    }

    private static unsafe bool TrySetInt32(SafeNetlinkSocketHandle handle, int level, int option, int value) =>
        Libc.setsockopt(handle, level, option, &value, sizeof(int)) == 0;

    private static void SetInt32(SafeNetlinkSocketHandle handle, int level, int option, int value, string name)
    {
        if (!TrySetInt32(handle, level, option, value))
        {
            throw NetlinkException.FromErrno("setsockopt(" + name + ")", Marshal.GetLastPInvokeError());
        }
    }

    private static void Check(int result, string operation)
    {
        if (result != 0)
        {
            throw NetlinkException.FromErrno(operation, Marshal.GetLastPInvokeError());
        }
    }
}
