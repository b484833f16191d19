using System.Diagnostics;
using System.Globalization;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables.Commands;

namespace Fulcrum.Linux.Nftables;

/// <summary>
/// nf_tables over Fulcrum's own netlink client: commits <see cref="NftBatch"/>es atomically and
/// lists tables, chains, sets, elements and rules. Unlike libnftables it never reads the whole
/// ruleset to apply a change, so a one-element change costs the same with 10 or 10,000 services.
/// Not thread-safe.
/// </summary>
public sealed partial class NftablesClient : IDisposable
{
    private readonly NetlinkClient _netlink;

    /// <summary>Creates a client over a netlink client it then owns (a fake transport in unit tests).</summary>
    public NftablesClient(NetlinkClient netlink)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        _netlink = netlink;
    }

    /// <summary>Opens a NETLINK_NETFILTER socket, in the named network namespace when given.</summary>
    public static NftablesClient Open(string? networkNamespace = null) =>
        new(NetlinkClient.Open(NetlinkProtocol.Netfilter, networkNamespace));

    /// <summary>
    /// Applies the batch as one transaction (<c>nft -f</c>): all commands or none.
    /// </summary>
    /// <exception cref="NetlinkException">
    /// The kernel refused at least one command and applied nothing; <see cref="NetlinkException.Errors"/>
    /// names each failed command with its errno and extended-ack text.
    /// </exception>
    public void Commit(NftBatch batch) => Send(batch, commit: true);

    /// <summary>
    /// Has the kernel check the batch without applying any of it (<c>nft --check</c>: the batch is
    /// sent without NFNL_MSG_BATCH_END, so the kernel runs every command, reports each error, then
    /// aborts). What a feature probe uses: nothing is created, whatever the answer.
    /// </summary>
    /// <exception cref="NetlinkException">The kernel would refuse at least one command; each is named.</exception>
    public void Check(NftBatch batch) => Send(batch, commit: false);

    private void Send(NftBatch batch, bool commit)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        var start = Stopwatch.GetTimestamp();
        var writer = _netlink.CreateRequest(initialCapacity: EstimateSize(batch));
        var origins = NftBatchWriter.Write(batch, writer, commit);
        var indexBySequence = new Dictionary<uint, int>(writer.Messages.Count);
        for (var i = 0; i < writer.Messages.Count; i++)
        {
            indexBySequence[writer.Messages[i].Sequence] = i;
        }

        var encoded = Stopwatch.GetTimestamp();
        var cpu = MeasureCpu ? Libc.ThreadCpuTime() : TimeSpan.Zero;
        try
        {
            _netlink.Execute(writer, describe: message => Describe(message, origins[indexBySequence[message.Sequence]]));
        }
        finally
        {
            LastCommit = new NftCommitTimings(Stopwatch.GetElapsedTime(start, encoded), Stopwatch.GetElapsedTime(encoded), MeasureCpu ? Libc.ThreadCpuTime() - cpu : TimeSpan.Zero);
        }
    }

    /// <summary>Where the time of the last <see cref="Commit"/> went (diagnostics; the benchmark reads it).</summary>
    internal NftCommitTimings LastCommit { get; private set; }

    /// <summary>Also read the thread's CPU time around each commit (two syscalls; off unless a benchmark asks).</summary>
    internal bool MeasureCpu { get; set; }

    /// <inheritdoc />
    public void Dispose() => _netlink.Dispose();

    /// <summary>
    /// Room for the encoded batch, so a cold apply's ~15 MB datagram is not grown by doubling from
    /// 64 KiB (eight large-object copies, each counting towards a gen2 collection).
    /// </summary>
    private static int EstimateSize(NftBatch batch)
    {
        const int perElement = 64, perCommand = 512;
        long size = 64 * 1024;
        foreach (var command in batch.Commands)
        {
            size += command switch
            {
                NftAddElements add => (long)add.Elements.Count * perElement,
                NftDeleteElements delete => (long)delete.Elements.Count * perElement,
                NftDestroyElements destroy => (long)destroy.Elements.Count * perElement,
                _ => perCommand,
            };
        }

        return (int)Math.Min(size, 256L * 1024 * 1024);
    }

    private static string Describe(NetlinkRequestMessage message, NftCommand? command)
    {
        var type = (message.Type >> 8) == NfNetlinkConstants.NFNL_SUBSYS_NFTABLES
            ? NfTables.MessageName((byte)message.Type)
            : message.Type == NfNetlinkConstants.NFNL_MSG_BATCH_BEGIN ? nameof(NfNetlinkConstants.NFNL_MSG_BATCH_BEGIN)
            : message.Type == NfNetlinkConstants.NFNL_MSG_BATCH_END ? nameof(NfNetlinkConstants.NFNL_MSG_BATCH_END)
            : "type 0x" + message.Type.ToString("x4", CultureInfo.InvariantCulture);
        return command is null ? type : $"{type} ({command})";
    }
}
