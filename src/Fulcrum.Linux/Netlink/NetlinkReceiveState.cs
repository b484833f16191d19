namespace Fulcrum.Linux.Netlink;

/// <summary>What the receive loop tracks for one request: replies still owed, errors so far, dump consistency.</summary>
internal sealed class NetlinkReceiveState(
    NetlinkMessageWriter request,
    Dictionary<uint, int> bySequence,
    HashSet<uint> pending,
    Func<NetlinkRequestMessage, string>? describe)
{
    public NetlinkMessageWriter Request { get; } = request;

    public Dictionary<uint, int> BySequence { get; } = bySequence;

    public HashSet<uint> Pending { get; } = pending;

    public Func<NetlinkRequestMessage, string>? Describe { get; } = describe;

    public List<NetlinkError> Errors { get; } = [];

    public bool DumpInterrupted { get; set; }
}
