using System.Threading.Channels;
using Fulcrum.Core.Firewall;
using Fulcrum.Core.Firewall.Terms;
using Fulcrum.Core.Vrrp;
using Fulcrum.Linux.Firewall;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Linux.Vrrp;

/// <summary>
/// The flow hand-off in nftables: while open, table <c>ip fulcrum_handoff</c> holds one base chain at
/// prerouting priority mangle (-150: after conntrack has classified the packet, before the data
/// plane's DNAT). Its first rule lets everything through unless set <c>window</c> holds <c>tcp</c>,
/// an element that the kernel expires after the hand-off's duration: so the hand-off ends on time
/// even when this process dies before it deletes the table. Then three rules per link, each sending a
/// copy of the packet to the previous master out of the link it came in on and dropping the original:
/// <code>
/// meta l4proto != @window accept
/// iifname L ct state new tcp flags ! syn                     (mid-stream, which loose pickup would adopt)
/// iifname L ct state invalid tcp flags fin,syn,rst           (FIN, RST, SYN-ACK conntrack cannot adopt)
/// iifname L meta l4proto tcp ct state invalid fib daddr type != local   (mid-stream with loose pickup off,
///                                                            not to this node: a SYN proxy's cookie ACK stays)
/// </code>
/// The copy leaves on the link it arrived on, so the peer's reverse-path checks hold; it is untracked
/// here and its TTL is decremented (nf_dup_ipv4 in prerouting), which bounds any loop. The table is
/// created and deleted whole (it exists only while open; a stale one from a crash is deleted at
/// start, and is inert once its window element expired), always on this adapter's own thread: <see cref="Open"/> and <see cref="Close"/> only queue,
/// so the VRRP thread never waits for the kernel. IPv4 only, like the data plane; TCP only (UDP has
/// no invalid state that tells a lost flow from a new one).
/// </summary>
public sealed partial class NftFlowHandOff : IFlowHandOff, IAsyncDisposable
{
    /// <summary>The table's name (family ip: nft_dup has no inet flavour).</summary>
    public const string Table = "fulcrum_handoff";

    /// <summary>The base chain's name.</summary>
    public const string Chain = "prerouting";

    /// <summary>The set whose one element (<c>tcp</c>, with the hand-off's timeout) keeps the rules in force.</summary>
    public const string WindowSet = "window";

    private const byte TcpFin = 0x01;
    private const byte TcpSyn = 0x02;
    private const byte TcpRst = 0x04;

    private readonly NftablesClient _client;
    private readonly ILogger _logger;
    private readonly VrrpMetrics? _metrics;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private IReadOnlyList<FlowHandOffLink>? _open;

    /// <summary>
    /// Takes ownership of <paramref name="client"/>; deletes a table left by an earlier run. The packets
    /// sent back are counted in <paramref name="metrics"/> (when given) as each hand-off ends.
    /// </summary>
    public NftFlowHandOff(NftablesClient client, ILogger logger, VrrpMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _logger = logger;
        _metrics = metrics;
        if (TableExists())
        {
            Delete();
            Log.StaleRemoved(_logger, Table);
        }

        _worker = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Opens a netfilter socket (inside <paramref name="networkNamespace"/> when given).</summary>
    public static NftFlowHandOff Create(ILogger logger, string? networkNamespace = null, VrrpMetrics? metrics = null) =>
        new(NftablesClient.Open(networkNamespace), logger, metrics);

    /// <inheritdoc />
    public void Open(IReadOnlyList<FlowHandOffLink> links, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        _requests.Writer.TryWrite(new Request([.. links], duration, null));
    }

    /// <inheritdoc />
    public void Close() => _requests.Writer.TryWrite(new Request(null, TimeSpan.Zero, null));

    /// <summary>Completes once every request queued before it has been carried out.</summary>
    public Task DrainAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_requests.Writer.TryWrite(new Request(null, TimeSpan.Zero, done)))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>The rules of one link, in order (what <c>nft list table ip fulcrum_handoff</c> shows).</summary>
    public static IReadOnlyList<IReadOnlyList<NftExpression>> Rules(FlowHandOffLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        const NftRegister r1 = NftRegister.Reg1;

        // iifname L meta l4proto tcp ct state S, as the firewall translates those terms.
        NftExpression[] Head(CtStates state) =>
        [
            .. NftFirewallTranslator.Expressions(
                new FirewallRule([new InterfaceTerm(false, link.Interface), new ProtocolTerm(ProtocolTerm.Tcp), new CtStateTerm(state)], FirewallVerdict.Continue, ""),
                _ => null),
        ];

        NftExpression[] tail =
        [
            new CounterExpression(),
            new ImmediateExpression(r1, NftData.FromAddress(link.Peer)),
            new ImmediateExpression(NftRegister.Reg2, NftData.FromUInt32HostOrder((uint)link.InterfaceIndex)),
            new DupExpression(r1, NftRegister.Reg2),
            new VerdictExpression(NftVerdict.Drop),
        ];
        return
        [
            [.. Head(CtStates.New), .. TcpFlags(TcpSyn, NftCmpOperator.Equal), .. tail],
            [.. Head(CtStates.Invalid), .. TcpFlags(TcpFin | TcpSyn | TcpRst, NftCmpOperator.NotEqual), .. tail],
            [.. Head(CtStates.Invalid), FibExpression.DestinationType(r1), new CmpExpression(r1, NftCmpOperator.NotEqual, NftData.FromUInt32HostOrder(NfTables.RTN_LOCAL)), .. tail],
        ];

        // (tcp flags & mask) == 0 or != 0; tcp flags are at offset 13 of the TCP header.
        static NftExpression[] TcpFlags(byte mask, NftCmpOperator compare) =>
        [
            new PayloadExpression(NftPayloadBase.Transport, 13, 1, r1),
            new BitwiseExpression(r1, r1, 1, NftData.FromByte(mask), NftData.FromByte(0)),
            new CmpExpression(r1, compare, NftData.FromByte(0)),
        ];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        if (_open is not null)
        {
            Apply(new Request(null, TimeSpan.Zero, null));
        }

        _client.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var request in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (request.Done is { } done)
            {
                done.TrySetResult();
                continue;
            }

            Apply(request);
        }
    }

    private void Apply(Request request)
    {
        try
        {
            if (request.Links is { } links)
            {
                var batch = new NftBatch();
                batch.DestroyTable(NftFamily.Ip, Table); // an open one is replaced whole
                batch.AddTable(NftFamily.Ip, Table);
                batch.AddSet(new NftSet(NftFamily.Ip, Table, WindowSet, NftDataType.InetProtocol, 1, NftSetFlags.Timeout));
                batch.AddElements(NftFamily.Ip, Table, WindowSet, [new NftSetElement(NftData.FromByte(ProtocolTerm.Tcp)) { Timeout = request.Duration }]);
                batch.AddChain(NftFamily.Ip, Table, Chain, new NftBaseChain(NftChainType.Filter, NftHook.Prerouting, NftChainPriority.Mangle));
                batch.Add(new Nftables.Commands.NftAddRule(NftFamily.Ip, Table, Chain,
                [
                    new MetaExpression(NftMetaKey.L4Proto, NftRegister.Reg1),
                    new LookupExpression(WindowSet, NftRegister.Reg1, SetId: batch.SetIdOf(NftFamily.Ip, Table, WindowSet), Invert: true),
                    new VerdictExpression(NftVerdict.Accept),
                ]));
                foreach (var link in links)
                {
                    foreach (var rule in Rules(link))
                    {
                        batch.Add(new Nftables.Commands.NftAddRule(NftFamily.Ip, Table, Chain, rule) { UserData = NftRuleComment.Encode(Comment(link)) });
                    }
                }

                _client.Commit(batch);
                _open = links;
            }
            else if (_open is { } open)
            {
                var sent = SentBack(open);
                Delete();
                _open = null;
                Log.Closed(_logger, Table, sent);
            }
        }
#pragma warning disable CA1031 // A refused change is logged; VRRP goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.Failed(_logger, request.Links is null ? "deleting" : "writing", Table, exception);
        }
    }

    // "eth0 -> 203.0.113.1: 3 packet(s), ..." from the rules' counters (each rule's comment names its link);
    // each link's count also goes to the metrics.
    private string SentBack(IReadOnlyList<FlowHandOffLink> links)
    {
        try
        {
            var byLink = links.ToDictionary(l => Comment(l), l => (Link: l, Packets: 0UL), StringComparer.Ordinal);
            foreach (var rule in _client.ListRules(NftFamily.Ip, Table, Chain))
            {
                if ((rule.UserData is { } data ? NftRuleComment.Decode(data) : null) is { } comment && byLink.TryGetValue(comment, out var entry))
                {
                    byLink[comment] = entry with { Packets = entry.Packets + (rule.Expressions.OfType<CounterExpression>().FirstOrDefault()?.Packets ?? 0) };
                }
            }

            foreach (var (link, packets) in byLink.Values)
            {
                _metrics?.FlowHandOffPacketsSentBack(link.Interface, (long)packets);
            }

            return string.Join(", ", byLink.Values.Select(v => $"{v.Link}: {v.Packets} packet(s)"));
        }
        catch (NetlinkException failure)
        {
            return $"counters not read: {failure.Message}";
        }
    }

    private static string Comment(FlowHandOffLink link) => $"fulcrum flow hand-off {link}";

    private bool TableExists() => _client.ListTables(NftFamily.Ip).Any(t => t.Name == Table);

    private void Delete()
    {
        _client.Commit(new NftBatch().DestroyTable(NftFamily.Ip, Table));
    }

    // Links: open with them for Duration; null: close. Done: a drain marker.
    private sealed record Request(IReadOnlyList<FlowHandOffLink>? Links, TimeSpan Duration, TaskCompletionSource? Done);

    private static partial class Log
    {
        [LoggerMessage(5033, LogLevel.Information, "flow hand-off: deleted table ip {Table} left by an earlier run")]
        public static partial void StaleRemoved(ILogger logger, string table);

        [LoggerMessage(5034, LogLevel.Information, "flow hand-off: table ip {Table} deleted; sent back to the previous master: {Sent}")]
        public static partial void Closed(ILogger logger, string table, string sent);

        [LoggerMessage(5035, LogLevel.Error, "flow hand-off: {Operation} table ip {Table} failed")]
        public static partial void Failed(ILogger logger, string operation, string table, Exception exception);
    }
}
