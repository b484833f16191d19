using System.Diagnostics;
using Fulcrum.Core.DataPlane;
using Fulcrum.Linux.Conntrack;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// The nftables data-plane engine: LVS-NAT in table <c>ip fulcrum</c> (<see cref="NftLayout"/>),
/// written with Fulcrum's own nf_tables batches, one atomic transaction per plan.
/// </summary>
/// <remarks>
/// <para>The kernel is the source of truth: <see cref="ReadAsync"/> rebuilds the model and the
/// engine's ids from it, and <see cref="ApplyAsync"/> changes only differences, so a restarted
/// daemon adopts a running data plane without a gap in traffic.</para>
/// <para>Apply checks that the plan was made from what the engine last read; if not, it reads the
/// kernel again and refuses a plan made from anything else (another process changed the table
/// in between). Between that read and the commit there is a window in which another writer could
/// still commit; Fulcrum is meant to be the only writer of its table.</para>
/// <para>Not thread-safe: one reconciler drives it.</para>
/// </remarks>
public sealed class NftDataPlane : IDataPlane, IDataPlaneCounters, IDisposable
{
    private readonly NftablesClient _client;
    private readonly IFlowTerminator _flows;
    private readonly IConnectionCounter? _connections;
    private readonly ConntrackClient? _ownedConntrack;
    private NftEngineState? _state;
    private NftKernelFeatures? _features;

    /// <summary>Creates the engine over an nf_tables client it then owns.</summary>
    /// <param name="client">The nf_tables client.</param>
    /// <param name="flows">Cuts the flows of removed servers.</param>
    /// <param name="connections">Counts connections per server; null leaves <see cref="TrafficCounters.Connections"/> unknown.</param>
    /// <param name="features">What the kernel accepts; null probes it on first use (<see cref="NftKernelFeatures.Probe"/>).</param>
    public NftDataPlane(NftablesClient client, IFlowTerminator flows, IConnectionCounter? connections = null, NftKernelFeatures? features = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(flows);
        _client = client;
        _flows = flows;
        _connections = connections;
        _features = features;
    }

    /// <summary>
    /// What the kernel's nf_tables accepts, probed once (on first use) without changing anything;
    /// the skeleton's rules and the destroys of dynamic elements are encoded by it.
    /// <see cref="NftKernelFeatures.DescribeMissing"/> says what is used instead on an older kernel.
    /// </summary>
    public NftKernelFeatures Features => _features ??= NftKernelFeatures.Probe(_client);

    private NftDataPlane(NftablesClient client, ConntrackClient conntrack, NftKernelFeatures? features)
        : this(client, new ConntrackFlows(conntrack), new ConntrackFlows(conntrack), features) => _ownedConntrack = conntrack;

    /// <summary>Opens the engine (nf_tables and ctnetlink sockets) inside the named network namespace when given.</summary>
    /// <param name="networkNamespace">The namespace, or null for the caller's.</param>
    /// <param name="features">What to assume the kernel accepts (tests of the fallbacks); null probes it.</param>
    public static NftDataPlane Open(string? networkNamespace = null, NftKernelFeatures? features = null)
    {
        var nftables = NftablesClient.Open(networkNamespace);
        try
        {
            return new NftDataPlane(nftables, ConntrackClient.Open(networkNamespace), features);
        }
        catch
        {
            nftables.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<DataPlaneModel> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _state = Read();
        return Task.FromResult(_state.Model);
    }

    /// <summary>
    /// Whether the kernel holds Fulcrum's table with its prerouting base chain (the one that balances
    /// new flows): the data plane forwards as it is. Two small dumps (tables, the table's chains), not
    /// the adoption read; false when they fail.
    /// </summary>
    public bool IsInPlace()
    {
        try
        {
            return _client.ListTables(NftLayout.Family).Any(t => t.Name == NftLayout.Table)
                && _client.ListChains(NftLayout.Family, NftLayout.Table).Any(c => c.Name == NftLayout.Prerouting && c.BaseChain is not null);
        }
        catch (NetlinkException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Describe(DataPlanePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var translation = NftPlanTranslator.Translate(plan, WithRuleHandles(plan, _state ??= Read()), Features);
        var lines = new List<string>(translation.Lines);
        foreach (var service in translation.ForgetPersistServices)
        {
            lines.Add($"destroy element ip {NftLayout.Table} {NftLayout.Persist} {{ every entry of service id {service} }}");
        }

        foreach (var mark in translation.ForgetPersistMarks)
        {
            lines.Add($"destroy element ip {NftLayout.Table} {NftLayout.Persist} {{ every entry pointing to {NftLayout.Hex(mark)} }}");
        }

        foreach (var mark in translation.CutFlowMarks)
        {
            lines.Add($"delete conntrack entries with ct mark {NftLayout.Hex(mark)} (cut the established flows of the removed server)");
        }

        return lines;
    }

    /// <inheritdoc />
    public async Task ApplyAsync(DataPlanePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        if (plan.IsEmpty)
        {
            return;
        }

        var cpu = MeasureCpu ? Libc.ThreadCpuTime() : TimeSpan.Zero;
        var quiet = ApplyGcRegion.TryEnter(plan.Operations.Count);
        NftTranslation translation;
        TimeSpan translated;
        try
        {
            var start = Stopwatch.GetTimestamp();
            translation = NftPlanTranslator.Translate(plan, WithRuleHandles(plan, StateFor(plan)), Features, describe: false);
            ForgetPersistence(translation);
            translated = Stopwatch.GetElapsedTime(start);
            LastApply = new NftApplyTimings(translated, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
            try
            {
                _client.Commit(translation.Batch);
            }
            catch (NetlinkException rejected)
            {
                // The kernel aborted the whole transaction: nothing changed, the state stays.
                throw new DataPlaneException($"nftables rejected the change, nothing was applied: {rejected.Message}", rejected);
            }
        }
        finally
        {
            ApplyGcRegion.Exit(quiet);
        }

        _state = translation.Next;
        var commit = _client.LastCommit;
        LastApply = new NftApplyTimings(translated, commit.Encode, commit.Kernel, commit.KernelCpu, TimeSpan.Zero) { Cpu = MeasureCpu ? Libc.ThreadCpuTime() - cpu : TimeSpan.Zero };
        if (translation.CutFlowMarks.Count > 0)
        {
            var cutStart = Stopwatch.GetTimestamp();
            try
            {
                await _flows.TerminateAsync(translation.CutFlowMarks, cancellationToken).ConfigureAwait(false);
                LastApply = LastApply with { CutFlows = Stopwatch.GetElapsedTime(cutStart) };
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                throw new DataPlanePartlyAppliedException(
                    $"the change was applied, but the established flows of removed servers could not be cut: {failure.Message}", failure);
            }
        }
    }

    /// <summary>Where the time of the last <see cref="ApplyAsync"/> went (diagnostics; the benchmark reads it).</summary>
    internal NftApplyTimings LastApply { get; private set; }

    /// <summary>Also measure thread CPU time in <see cref="LastApply"/> (four syscalls per apply; off unless a benchmark asks).</summary>
    internal bool MeasureCpu
    {
        get => _client.MeasureCpu;
        set => _client.MeasureCpu = value;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One dump of set <c>stats</c> (two elements per server that has carried traffic), never the
    /// big maps; the marks are mapped to services with what the engine last read or applied.
    /// </remarks>
    public async Task<IReadOnlyList<ServiceCounters>> ReadCountersAsync(CancellationToken cancellationToken)
    {
        var state = _state ??= Read();
        IReadOnlyList<NftSetElement> stats;
        try
        {
            stats = state.HasSkeleton ? _client.ListElements(NftLayout.Family, NftLayout.Table, NftLayout.Stats) : [];
        }
        catch (NetlinkException failure)
        {
            throw new DataPlaneException($"reading the counters of table ip {NftLayout.Table} failed: {failure.Message}", failure);
        }

        var connections = _connections is null ? null : await _connections.CountByMarkAsync(cancellationToken).ConfigureAwait(false);
        return NftCounterAggregation.Aggregate(state, stats, connections);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _ownedConntrack?.Dispose();
    }

    private NftEngineState Read()
    {
        try
        {
            return NftDataPlaneReader.Read(_client);
        }
        catch (NetlinkException failure)
        {
            throw new DataPlaneException($"reading table ip {NftLayout.Table} failed: {failure.Message}", failure);
        }
    }

    private NftEngineState StateFor(DataPlanePlan plan)
    {
        if (_state is { } known && (ReferenceEquals(known.Model, plan.Current) || known.Model.Equals(plan.Current)))
        {
            return known;
        }

        var fresh = Read();
        _state = fresh;
        return fresh.Model.Equals(plan.Current)
            ? fresh
            : throw new DataPlaneException(
                "the kernel's data plane is not what this plan was made from (changed by another process?); nothing was applied: read and plan again.");
    }

    /// <summary>
    /// Rules added since the kernel was last read have no known handle (a commit does not return
    /// them); before a plan replaces or deletes such a rule, the bucket chains concerned are listed
    /// (one small dump each: services / 256 rules) and the handles found by the rules' comments.
    /// </summary>
    private NftEngineState WithRuleHandles(DataPlanePlan plan, NftEngineState state)
    {
        HashSet<string>? buckets = null;
        foreach (var operation in plan.Operations)
        {
            if (state.Services.TryGetValue(operation.ServiceName, out var known) && known.RuleHandle is null)
            {
                (buckets ??= new HashSet<string>(StringComparer.Ordinal)).Add(known.Bucket);
            }
        }

        if (buckets is null)
        {
            return state;
        }

        var services = state.Services.ToBuilder();
        foreach (var bucket in buckets)
        {
            IReadOnlyList<NftRuleInfo> rules;
            try
            {
                rules = _client.ListRules(NftLayout.Family, NftLayout.Table, bucket);
            }
            catch (NetlinkException failure)
            {
                throw new DataPlaneException($"reading chain {bucket} of table ip {NftLayout.Table} failed, nothing was applied: {failure.Message}", failure);
            }

            foreach (var rule in rules)
            {
                if (rule.UserData is { } data && ServiceComment.TryParse(NftRuleComment.Decode(data)) is { } comment
                    && services.TryGetValue(comment.Name, out var record) && record.Id == comment.Id)
                {
                    services[comment.Name] = record with { RuleHandle = rule.Handle };
                }
            }
        }

        foreach (var operation in plan.Operations)
        {
            if (services.TryGetValue(operation.ServiceName, out var record) && record.RuleHandle is null)
            {
                throw new DataPlaneException(
                    $"the rule of service '{record.Service.Name}' is missing from chain {record.Bucket} of table ip {NftLayout.Table} " +
                    "(changed by another process?); nothing was applied: read and plan again.");
            }
        }

        var resolved = state with { Services = services.ToImmutable() };
        _state = resolved;
        return resolved;
    }

    /// <summary>
    /// Persistence entries are made by the packet path, so which ones exist is known only now:
    /// one dump of <c>persist</c>, then a destroy (not delete) of the matches, because any of them
    /// may expire before the commit. Each is destroyed with the mark it held: on a kernel without
    /// destroy (before 6.3) it is added and deleted, and an add needs the same data.
    /// </summary>
    private void ForgetPersistence(NftTranslation translation)
    {
        if (translation.ForgetPersistMarks.Count == 0 && translation.ForgetPersistServices.Count == 0)
        {
            return;
        }

        var stale = _client.ListElements(NftLayout.Family, NftLayout.Table, NftLayout.Persist)
            .Where(e => translation.ForgetPersistServices.Contains(NftLayout.PersistKeyService(e.Key))
                || (e.Data is { Length: 4 } data && translation.ForgetPersistMarks.Contains(NftLayout.ReadMark(data))))
            .Select(e => new NftSetElement(e.Key, e.Data))
            .ToList();
        if (stale.Count > 0)
        {
            translation.Batch.DestroyElements(NftLayout.Family, NftLayout.Table, NftLayout.Persist, stale, Features);
        }
    }
}
