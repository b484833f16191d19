using System.Buffers.Binary;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Core.Tests.Linux;

/// <summary>
/// A scripted kernel behind <see cref="INetlinkTransport"/>: records what is sent, answers with
/// datagrams a test script builds, and behaves like a socket with a receive timeout when empty.
/// </summary>
internal sealed class FakeNetlinkKernel : INetlinkTransport
{
    private readonly Queue<(byte[] Datagram, uint Sender, Exception? Failure)> _queue = new();

    public FakeNetlinkKernel(uint portId = 4242) => PortId = portId;

    public uint PortId { get; }

    public List<byte[]> Sent { get; } = [];

    /// <summary>Called on every send with the request's bytes; typically enqueues replies.</summary>
    public Action<FakeNetlinkKernel, byte[]>? OnSend { get; set; }

    public (int Send, int Receive) BufferSizes { get; private set; }

    public void Enqueue(byte[] datagram, uint sender = 0) => _queue.Enqueue((datagram, sender, null));

    /// <summary>Makes a later receive fail, as recvmsg does with ENOBUFS after the kernel dropped messages.</summary>
    public void EnqueueFailure(Exception failure) => _queue.Enqueue(([], 0, failure));

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var copy = datagram.ToArray();
        Sent.Add(copy);
        OnSend?.Invoke(this, copy);
    }

    public int Receive(Span<byte> buffer, bool dontWait, out uint senderPortId)
    {
        if (_queue.Count == 0)
        {
            senderPortId = 0;
            return dontWait ? -1 : throw new TimeoutException("fake kernel: nothing queued");
        }

        var (datagram, sender, failure) = _queue.Dequeue();
        if (failure is not null)
        {
            throw failure;
        }

        senderPortId = sender;
        datagram.AsSpan(0, Math.Min(buffer.Length, datagram.Length)).CopyTo(buffer);
        return datagram.Length;
    }

    public void EnsureBufferSizes(int sendBytes, int receiveBytes) => BufferSizes = (sendBytes, receiveBytes);

    public void Dispose()
    {
    }

    /// <summary>The sequence numbers of the messages in a sent datagram.</summary>
    public static List<(uint Sequence, ushort Type, ushort Flags)> MessagesOf(byte[] datagram)
    {
        var result = new List<(uint, ushort, ushort)>();
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            result.Add((message.Sequence, message.Type, (ushort)message.Flags));
        }

        return result;
    }

    /// <summary>
    /// An NLMSG_ERROR reply as the kernel builds it with NETLINK_CAP_ACK: -errno, the request's
    /// nlmsghdr, then (NLM_F_ACK_TLVS) NLMSGERR_ATTR_MSG / NLMSGERR_ATTR_OFFS.
    /// </summary>
    public static void WriteError(NetlinkMessageWriter writer, uint sequence, uint portId, int errno, string? message = null, uint? offset = null, ushort requestType = 0x0a06)
    {
        var flags = (NetlinkMessageFlags)0x100; // NLM_F_CAPPED
        if (message is not null || offset is not null)
        {
            flags |= (NetlinkMessageFlags)0x200; // NLM_F_ACK_TLVS
        }

        writer.BeginMessage(2, flags, sequence, portId);
        var header = new byte[20];
        BinaryPrimitives.WriteInt32LittleEndian(header, -errno);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), requestType);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), sequence);
        writer.WriteBytes(header);
        if (message is not null)
        {
            writer.WriteString(1, message);
        }

        if (offset is { } at)
        {
            writer.WriteUInt32(2, at, NetlinkByteOrder.Host);
        }

        writer.EndMessage();
    }

    public static byte[] Error(uint sequence, uint portId, int errno, string? message = null, uint? offset = null)
    {
        var writer = new NetlinkMessageWriter();
        WriteError(writer, sequence, portId, errno, message, offset);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Ack(uint sequence, uint portId) => Error(sequence, portId, 0);

    /// <summary>Acknowledges every message of a request that asked for it.</summary>
    public static byte[] AckAll(byte[] request, uint portId)
    {
        var writer = new NetlinkMessageWriter();
        foreach (var (sequence, _, flags) in MessagesOf(request))
        {
            if ((flags & 0x04) != 0)
            {
                WriteError(writer, sequence, portId, 0);
            }
        }

        return writer.WrittenSpan.ToArray();
    }
}
