using System.Buffers.Binary;
using System.Globalization;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Netlink;

/// <summary>
/// A small netlink client: hands out request writers with fresh sequence numbers and runs the one
/// receive loop that matches replies to requests. The loop checks the sender (the kernel, port 0),
/// the port id (ours), the sequence number (one of the request's; stale replies are skipped),
/// follows multipart dumps to NLMSG_DONE, and turns NLMSG_ERROR into <see cref="NetlinkException"/>
/// with the errno's name and the extended-ack text and attribute offset, attributed to the exact
/// message of a batch that caused it. Not thread-safe: one request at a time.
/// </summary>
public sealed class NetlinkClient : IDisposable
{
    // The kernel never builds a dump skb over 32 KiB (net/netlink/af_netlink.c), and with
    // NETLINK_CAP_ACK an error reply carries only the request's header, so 128 KiB never truncates.
    private const int ReceiveBufferSize = 128 * 1024;

    // Receive-buffer room per expected reply while a batch is processed; nft sizes its buffer the
    // same way (nftables src/mnl.c, one KiB per batched command).
    private const int ReplyBytesPerMessage = 1024;

    private readonly INetlinkTransport _transport;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private uint _nextSequence = 1;

    /// <summary>Creates a client over a transport it then owns.</summary>
    public NetlinkClient(INetlinkTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
    }

    /// <summary>The port id the kernel assigned to the socket.</summary>
    public uint PortId => _transport.PortId;

    /// <summary>Opens a client on a new socket, in a named network namespace when given.</summary>
    public static NetlinkClient Open(NetlinkProtocol protocol, string? networkNamespace = null) =>
        new(NetlinkSocket.Open(protocol, networkNamespace));

    /// <summary>A writer for the next request; its messages get sequence numbers no earlier request used.</summary>
    public NetlinkMessageWriter CreateRequest(int initialCapacity = 4096) => new(_nextSequence, initialCapacity);

    /// <summary>
    /// Sends every message <paramref name="request"/> holds as one datagram and waits for the
    /// replies: an ACK for each message with NLM_F_ACK, NLMSG_DONE for each dump. Data messages are
    /// passed to <paramref name="onMessage"/>. Replies the kernel queued for messages without
    /// NLM_F_ACK (errors only) are drained without waiting.
    /// </summary>
    /// <param name="request">Messages written with a writer from <see cref="CreateRequest"/>.</param>
    /// <param name="onMessage">Receives each data message (dump parts, GET replies).</param>
    /// <param name="describe">Names a request message for error text, e.g. "NFT_MSG_NEWRULE #3".</param>
    /// <exception cref="NetlinkException">The kernel reported at least one error; all are attached.</exception>
    /// <exception cref="NetlinkProtocolException">A reply was malformed, addressed to another port, or missing.</exception>
    public void Execute(NetlinkMessageWriter request, NetlinkMessageHandler? onMessage = null, Func<NetlinkRequestMessage, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = request.Messages;
        if (messages.Count == 0)
        {
            throw new ArgumentException("The request holds no complete message.", nameof(request));
        }

        if (messages[0].Sequence < _nextSequence)
        {
            throw new InvalidOperationException("The request reuses sequence numbers: create it with CreateRequest and execute it once.");
        }

        _nextSequence = request.NextSequence;
        var bySequence = new Dictionary<uint, int>(messages.Count);
        var pending = new HashSet<uint>();
        var drain = false;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            bySequence[message.Sequence] = i;
            if (message.ExpectsAcknowledgement || message.IsDump)
            {
                pending.Add(message.Sequence);
            }
            else
            {
                drain = true;
            }
        }

        _transport.EnsureBufferSizes(request.Length, messages.Count * ReplyBytesPerMessage);
        _transport.Send(request.WrittenSpan);
        var loop = new NetlinkReceiveState(request, bySequence, pending, describe);
        Receive(loop, drain, onMessage);
    }

    /// <summary>
    /// Waits (up to the socket's receive timeout) for one datagram of multicast notifications on a
    /// socket that joined groups, and passes its data messages to <paramref name="onMessage"/>.
    /// Notifications answer no request, so only the sender (the kernel) and the lengths are checked.
    /// Returns false when the timeout passed without a datagram.
    /// </summary>
    /// <exception cref="NetlinkException">
    /// ENOBUFS: the socket's receive buffer overflowed and the kernel dropped notifications; the
    /// caller's view is stale and must be rebuilt from a dump.
    /// </exception>
    public bool ReceiveNotifications(NetlinkMessageHandler onMessage)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        int length;
        uint sender;
        try
        {
            length = _transport.Receive(_receiveBuffer, dontWait: false, out sender);
        }
        catch (TimeoutException)
        {
            return false;
        }

        if (length > _receiveBuffer.Length)
        {
            throw new NetlinkProtocolException($"A {length}-byte netlink datagram did not fit the {_receiveBuffer.Length}-byte buffer.");
        }

        if (sender != 0)
        {
            return true; // Unicast from another process, not from the kernel: never trust it.
        }

        var reader = new NetlinkMessageReader(_receiveBuffer.AsSpan(0, length));
        while (reader.TryRead(out var message))
        {
            if (message.Type >= NetlinkConstants.NLMSG_MIN_TYPE)
            {
                onMessage(message);
            }
        }

        return true;
    }

    /// <summary>Makes room for <paramref name="bytes"/> of queued notifications (SO_RCVBUFFORCE).</summary>
    public void EnsureReceiveBuffer(int bytes) => _transport.EnsureBufferSizes(0, bytes);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private void Receive(NetlinkReceiveState state, bool drain, NetlinkMessageHandler? onMessage)
    {
        while (true)
        {
            // Wait while replies are owed. The kernel handles a request inside sendmsg, so once they
            // are in (or an error showed the request failed) whatever else it queued is already
            // here: drain it without blocking.
            var wait = state.Pending.Count > 0 && state.Errors.Count == 0;
            if (!wait && !drain && state.Pending.Count == 0)
            {
                break;
            }

            int length;
            uint sender;
            try
            {
                length = _transport.Receive(_receiveBuffer, dontWait: !wait, out sender);
            }
            catch (TimeoutException timeout)
            {
                throw new TimeoutException($"The kernel did not answer {state.Pending.Count} of {state.Request.Messages.Count} message(s) in time.", timeout);
            }

            if (length < 0)
            {
                break;
            }

            if (length > _receiveBuffer.Length)
            {
                throw new NetlinkProtocolException($"A {length}-byte netlink datagram did not fit the {_receiveBuffer.Length}-byte buffer.");
            }

            if (sender != 0)
            {
                continue; // Unicast from another process, not from the kernel: never trust it.
            }

            var reader = new NetlinkMessageReader(_receiveBuffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                Handle(state, message, onMessage);
            }
        }

        if (state.Errors.Count > 0)
        {
            throw new NetlinkException(state.Errors);
        }

        if (state.Pending.Count > 0)
        {
            throw new NetlinkProtocolException($"The kernel sent no reply to {state.Pending.Count} message(s) (first seq {state.Pending.Min()}).");
        }

        if (state.DumpInterrupted)
        {
            // libmnl reports the same condition as EINTR; callers retry the dump.
            throw new NetlinkException([new NetlinkError(Errno.EINTR, state.Request.Messages[0].Sequence, "dump interrupted by a concurrent change (NLM_F_DUMP_INTR)", null, null, null)]);
        }
    }

    private void Handle(NetlinkReceiveState state, in NetlinkMessage message, NetlinkMessageHandler? onMessage)
    {
        if (message.PortId != PortId)
        {
            throw new NetlinkProtocolException($"A reply addressed to port {message.PortId} arrived on port {PortId} (seq {message.Sequence}).");
        }

        if (!state.BySequence.TryGetValue(message.Sequence, out var index))
        {
            return; // A late reply to an earlier request that was abandoned (e.g. after a timeout).
        }

        var request = state.Request.Messages[index];
        switch (message.Type)
        {
            case NetlinkConstants.NLMSG_NOOP:
                return;
            case NetlinkConstants.NLMSG_OVERRUN:
                throw new NetlinkProtocolException($"NLMSG_OVERRUN for seq {message.Sequence}: the kernel lost data.");
            case NetlinkConstants.NLMSG_ERROR:
                state.Pending.Remove(message.Sequence);
                var error = ParseError(state, request, message);
                if (error is not null)
                {
                    state.Errors.Add(error);
                }

                return;
            case NetlinkConstants.NLMSG_DONE:
                state.Pending.Remove(message.Sequence);
                var dumpError = ParseDone(state, request, message);
                if (dumpError is not null)
                {
                    state.Errors.Add(dumpError);
                }

                return;
            default:
                if ((message.Flags & NetlinkMessageFlags.DumpInterrupted) != 0)
                {
                    state.DumpInterrupted = true;
                }

                onMessage?.Invoke(message);
                return;
        }
    }

    private static NetlinkError? ParseError(NetlinkReceiveState state, NetlinkRequestMessage request, in NetlinkMessage message)
    {
        var payload = message.Payload;
        if (payload.Length < sizeof(int))
        {
            throw new NetlinkProtocolException($"NLMSG_ERROR for seq {message.Sequence} is {payload.Length} byte(s) long.");
        }

        var errno = -BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (errno == 0)
        {
            return null;
        }

        var tlvs = ReadOnlySpan<byte>.Empty;
        if ((message.Flags & (NetlinkMessageFlags)NetlinkConstants.NLM_F_ACK_TLVS) != 0 && payload.Length >= nlmsgerr.Size)
        {
            var echoed = nlmsgerr.Read(payload);
            var tlvStart = (message.Flags & (NetlinkMessageFlags)NetlinkConstants.NLM_F_CAPPED) != 0
                ? nlmsgerr.Size
                : sizeof(int) + NetlinkConstants.NLMSG_ALIGN((int)echoed.msg.nlmsg_len);
            tlvs = tlvStart <= payload.Length ? payload[tlvStart..] : [];
        }

        return BuildError(state, request, errno, tlvs);
    }

    private static NetlinkError? ParseDone(NetlinkReceiveState state, NetlinkRequestMessage request, in NetlinkMessage message)
    {
        // A dump ends with NLMSG_DONE whose payload is an int: 0, or -errno when the dump failed part-way.
        var payload = message.Payload;
        if (payload.Length < sizeof(int))
        {
            return null;
        }

        var errno = -BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (errno == 0)
        {
            return null;
        }

        var tlvs = (message.Flags & (NetlinkMessageFlags)NetlinkConstants.NLM_F_ACK_TLVS) != 0 ? payload[sizeof(int)..] : [];
        return BuildError(state, request, errno, tlvs);
    }

    private static NetlinkError BuildError(NetlinkReceiveState state, NetlinkRequestMessage request, int errno, ReadOnlySpan<byte> tlvs)
    {
        string? text = null;
        int? offset = null;
        var reader = new NetlinkAttributeReader(tlvs);
        while (reader.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NetlinkConstants.NLMSGERR_ATTR_MSG:
                    text = attribute.GetString();
                    break;
                case NetlinkConstants.NLMSGERR_ATTR_OFFS:
                    offset = (int)attribute.GetUInt32(NetlinkByteOrder.Host);
                    break;
                case NetlinkConstants.NLMSGERR_ATTR_MISS_TYPE:
                    text ??= "missing attribute type " + attribute.GetUInt32(NetlinkByteOrder.Host).ToString(CultureInfo.InvariantCulture);
                    break;
                default:
                    break;
            }
        }

        string? path = null;
        if (offset is { } at)
        {
            var bytes = state.Request.WrittenSpan.Slice(request.Offset, request.Length);
            path = NetlinkAttributePath.Describe(bytes, request.AttributesOffset, at);
        }

        var description = state.Describe?.Invoke(request) ?? "type 0x" + request.Type.ToString("x4", CultureInfo.InvariantCulture);
        return new NetlinkError(errno, request.Sequence, description, text, offset, path);
    }
}
