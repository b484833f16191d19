using System.Buffers.Binary;
using System.Net.Sockets;

namespace Fulcrum.Daemon.Api;

/// <summary>Who is at the other end of a Unix socket: <c>SO_PEERCRED</c> (struct ucred: pid, uid, gid).</summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>The peer of <paramref name="socket"/>, or null when it is not a Unix socket or the kernel did not say.</summary>
    public static PeerCredentials? Of(Socket? socket)
    {
        if (socket is null || socket.AddressFamily != AddressFamily.Unix)
        {
            return null;
        }

        Span<byte> ucred = stackalloc byte[12];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != 12)
            {
                return null;
            }
        }
        catch (SocketException)
        {
            return null;
        }

        return new PeerCredentials(
            BinaryPrimitives.ReadInt32LittleEndian(ucred),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }
}
