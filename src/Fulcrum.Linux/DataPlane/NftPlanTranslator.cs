using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Commands;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// Turns a plan into one nf_tables transaction. Pure: it reads only the engine's state. For each
/// service the plan touches it diffs the kernel objects of the service as it is
/// (<see cref="NftEngineState"/>) against the service as desired — dispatch element, chain rules,
/// <c>servers</c> records, slot table — so one weight change costs a few element changes
/// whatever the number of services.
/// </summary>
/// <remarks>
/// Batch order: the skeleton if missing; element deletes (a freed VIP:port may be taken by a new
/// service in the same batch); chains of new persistent services and their rewritten rules;
/// bucket rules deleted, replaced (in place, by handle) and added (a rule that jumps to a
/// <c>svc_ID</c> comes after the chain exists); chains no rule jumps to any more; element adds;
/// counter elements of removed servers (destroy: the packet path may or may not have created them).
/// </remarks>
internal static class NftPlanTranslator
{
    private const int ElementsShown = 6;

    /// <param name="plan">The plan.</param>
    /// <param name="state">What the kernel holds.</param>
    /// <param name="features">What the kernel accepts (the skeleton's rules and destroys depend on it).</param>
    /// <param name="describe">Also write <see cref="NftTranslation.Lines"/> (for <c>fulcrum plan</c>; apply skips the text).</param>
    public static NftTranslation Translate(DataPlanePlan plan, NftEngineState state, NftKernelFeatures features, bool describe = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(features);
        var work = new Work(state, describe);
        if (!state.HasSkeleton && !plan.IsEmpty)
        {
            NftSkeleton.Write(work.Skeleton, features);
            work.AddLines(NftSkeleton.Describe(features));
        }

        // A few operations look their service up by scanning; many (a cold apply) index it once.
        Func<string, VirtualService?> desired = plan.Desired.Find;
        if (plan.Operations.Count > 16)
        {
            var index = plan.Desired.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
            desired = name => index.GetValueOrDefault(name);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in plan.Operations)
        {
            if (seen.Add(operation.ServiceName))
            {
                Diff(work, state.Services.GetValueOrDefault(operation.ServiceName), desired(operation.ServiceName));
            }
        }

        var batch = new NftBatch();
        foreach (var command in work.Skeleton.Commands)
        {
            batch.Add(command);
        }

        work.Elements.WriteDeletes(batch);
        foreach (var command in work.Chains.Commands.Concat(work.Rules.Commands))
        {
            batch.Add(command);
        }

        foreach (var chain in work.ChainDeletes)
        {
            batch.FlushChain(NftLayout.Family, NftLayout.Table, chain).DeleteChain(NftLayout.Family, NftLayout.Table, chain);
        }

        work.Elements.WriteAdds(batch);
        work.Elements.WriteDestroys(batch, features);
        return new NftTranslation
        {
            Batch = batch,
            Lines = work.Lines,
            Next = new NftEngineState(state.HasSkeleton || !plan.IsEmpty, work.Services.ToImmutable(), work.NextServiceId, work.NextMark, plan.Desired),
            ForgetPersistMarks = work.ForgetPersistMarks,
            ForgetPersistServices = work.ForgetPersistServices,
            CutFlowMarks = work.CutFlowMarks,
        };
    }

    private static void Diff(Work work, NftServiceRecord? before, VirtualService? desired)
    {
        var after = desired is null ? null : Allocate(work, before, desired);
        var slotsBefore = before is null ? [] : ServiceSlots.Compute(before);
        var slotsAfter = after is null ? [] : ServiceSlots.Compute(after);

        DiffChain(work, before, after, slotsBefore.Length, slotsAfter.Length);
        var handle = DiffBucketRule(work, before, after, slotsBefore.Length, slotsAfter.Length);
        DiffDispatch(work, before, after);
        DiffServers(work, before, after);
        DiffSlots(work, before?.Id ?? after!.Id, slotsBefore, slotsAfter);
        ForgetPersistence(work, before, after);

        if (after is null)
        {
            work.Services.Remove(before!.Service.Name);
        }
        else
        {
            work.Services[after.Service.Name] = after with { RuleHandle = handle };
        }
    }

    /// <summary>Chain <c>svc_ID</c> of a persistent service: created, rewritten (flush and refill) or deleted.</summary>
    private static void DiffChain(Work work, NftServiceRecord? before, NftServiceRecord? after, int slotsBefore, int slotsAfter)
    {
        var old = before is null ? [] : ServiceRules.ChainRules(before, slotsBefore);
        var now = after is null ? [] : ServiceRules.ChainRules(after, slotsAfter);
        if (now.Count == 0)
        {
            if (old.Count > 0)
            {
                work.ChainDeletes.Add(before!.Chain);
                work.AddLine($"delete chain ip {NftLayout.Table} {before.Chain} (service {before.Service.Name})");
            }

            return;
        }

        var chain = after!.Chain;
        if (old.Count == 0)
        {
            work.Chains.AddChain(NftLayout.Family, NftLayout.Table, chain);
            work.AddLine($"add chain ip {NftLayout.Table} {chain}");
        }
        else if (old.Count == now.Count && old.Zip(now).All(pair => pair.First.SameAs(pair.Second)))
        {
            return;
        }
        else
        {
            work.Chains.FlushChain(NftLayout.Family, NftLayout.Table, chain);
            work.AddLine($"flush chain ip {NftLayout.Table} {chain}");
        }

        foreach (var rule in now)
        {
            work.Chains.Add(new NftAddRule(NftLayout.Family, NftLayout.Table, chain, rule.Expressions) { UserData = rule.UserData });
            work.AddLine($"add rule ip {NftLayout.Table} {chain} {rule.Text}");
        }
    }

    /// <summary>The service's rule in its bucket chain: added, replaced in place or deleted. Returns its handle afterwards (null: added now).</summary>
    private static ulong? DiffBucketRule(Work work, NftServiceRecord? before, NftServiceRecord? after, int slotsBefore, int slotsAfter)
    {
        if (after is null)
        {
            var handle = Handle(before!);
            work.Rules.Add(new NftDeleteRule(NftLayout.Family, NftLayout.Table, before!.Bucket, handle));
            work.AddLine($"delete rule ip {NftLayout.Table} {before.Bucket} handle {handle} (service {before.Service.Name})");
            return null;
        }

        var rule = ServiceRules.BucketRule(after, slotsAfter, work.Describes);
        if (before is null)
        {
            work.Rules.Add(new NftAddRule(NftLayout.Family, NftLayout.Table, after.Bucket, rule.Expressions) { UserData = rule.UserData });
            work.AddLine($"add rule ip {NftLayout.Table} {after.Bucket} {rule.Text}");
            return null;
        }

        if (ServiceRules.BucketRule(before, slotsBefore, describe: false).SameAs(rule))
        {
            return before.RuleHandle;
        }

        // Same id, same bucket: replaced in place, which keeps the handle.
        var kept = Handle(before);
        work.Rules.Add(new NftAddRule(NftLayout.Family, NftLayout.Table, after.Bucket, rule.Expressions, ReplaceHandle: kept) { UserData = rule.UserData });
        work.AddLine($"replace rule ip {NftLayout.Table} {after.Bucket} handle {kept} {rule.Text}");
        return kept;
    }

    private static ulong Handle(NftServiceRecord record) =>
        record.RuleHandle ?? throw new InvalidOperationException(
            $"the handle of service '{record.Service.Name}''s rule in {record.Bucket} is not known: resolve handles before translating.");

    /// <summary>Keeps the ids of what stays, gives new servers (and a new sorry server) new marks.</summary>
    private static NftServiceRecord Allocate(Work work, NftServiceRecord? before, VirtualService service)
    {
        var id = before?.Id ?? work.AllocateServiceId();
        var marks = new Dictionary<ServerEndpoint, uint>(service.Servers.Count);
        foreach (var server in service.Servers)
        {
            marks[server.Endpoint] = before is not null && before.Marks.TryGetValue(server.Endpoint, out var mark) ? mark : work.NextMark++;
        }

        uint? sorryMark = service.Sorry is null ? null
            : before?.SorryMark is { } kept && Nullable.Equals(before.Service.Sorry, service.Sorry) ? kept
            : work.NextMark++;
        return new NftServiceRecord(id, service, marks, sorryMark);
    }

    private static void DiffDispatch(Work work, NftServiceRecord? before, NftServiceRecord? after)
    {
        if (before is not null && after is not null && before.Service.Listen.Equals(after.Service.Listen))
        {
            return;
        }

        if (before is not null)
        {
            var (set, element, text) = Dispatch(before, work.Describes);
            work.Elements.Delete(set, new NftSetElement(element.Key) { KeyEnd = element.KeyEnd });
            work.AddLine($"delete element ip {NftLayout.Table} {set} {{ {text} }}");
        }

        if (after is not null)
        {
            var (set, element, text) = Dispatch(after, work.Describes);
            work.Elements.Add(set, element);
            work.AddLine($"add element ip {NftLayout.Table} {set} {{ {text} }}");
        }
    }

    private static (string Set, NftSetElement Element, string Text) Dispatch(NftServiceRecord record, bool describe)
    {
        var listen = record.Service.Listen;
        var protocol = NftLayout.ProtocolName(listen.Protocol);
        // The service id, where its slot key starts: prerouting puts it in ct mark and jumps to the bucket.
        var id = NftLayout.SlotKeyValue(record.Id, 0);
        if (listen.Ports.IsSinglePort)
        {
            return (NftLayout.Services,
                new NftSetElement(NftLayout.DispatchKey(listen.Address, listen.Protocol, listen.Ports.First), NftLayout.Mark(id)),
                describe ? $"{listen.Address} . {protocol} . {listen.Ports.First} : {NftLayout.Hex(id)}" : string.Empty);
        }

        return (NftLayout.ServiceRanges,
            new NftSetElement(NftLayout.DispatchKey(listen.Address, listen.Protocol, listen.Ports.First), NftLayout.Mark(id))
            {
                KeyEnd = NftLayout.DispatchKey(listen.Address, listen.Protocol, listen.Ports.Last),
            },
            describe ? $"{listen.Address} . {protocol} . {listen.Ports.First}-{listen.Ports.Last} : {NftLayout.Hex(id)}" : string.Empty);
    }

    private static void DiffServers(Work work, NftServiceRecord? before, NftServiceRecord? after)
    {
        if (before is null && after is not null)
        {
            AddServers(work, after);
            return;
        }

        var old = before?.ServerRecords().ToDictionary(r => r.Mark) ?? [];
        var now = after?.ServerRecords().ToDictionary(r => r.Mark) ?? [];
        List<string> deletedRecords = [], deletedTargets = [], addedRecords = [], addedTargets = [];
        foreach (var (mark, record) in old)
        {
            var kept = now.TryGetValue(mark, out var current);
            if (!kept || current != record)
            {
                work.Elements.Delete(NftLayout.Servers, record.ToKey());
                deletedRecords.Add(NftLayout.Hex(mark));
            }

            if (!kept || current.ToTarget() != record.ToTarget())
            {
                work.Elements.Delete(NftLayout.Targets, record.ToKey());
                deletedTargets.Add(NftLayout.Hex(mark));
            }

            if (!kept)
            {
                // Removed: its counters go, its clients forget it, its established flows are cut.
                foreach (var key in NftLayout.StatsKeys(mark))
                {
                    work.Elements.Destroy(NftLayout.Stats, new NftSetElement(key));
                }

                work.ForgetPersistMarks.Add(mark);
                work.CutFlowMarks.Add(mark);
                work.AddLine($"destroy element ip {NftLayout.Table} {NftLayout.Stats} {{ {NftLayout.Hex(mark)} . original, {NftLayout.Hex(mark)} . reply }}");
            }
            else if (record.Weight > 0 && current.Weight == 0)
            {
                // Drained: established flows continue, but no client is sent back to it.
                work.ForgetPersistMarks.Add(mark);
            }
        }

        foreach (var (mark, record) in now)
        {
            var existed = old.TryGetValue(mark, out var previous);
            if (!existed || previous != record)
            {
                work.Elements.Add(NftLayout.Servers, record.ToElement());
                if (work.Describes)
                {
                    addedRecords.Add(record.ToString());
                }
            }

            if (!existed || previous.ToTarget() != record.ToTarget())
            {
                work.Elements.Add(NftLayout.Targets, record.ToTarget());
                if (work.Describes)
                {
                    addedTargets.Add($"{NftLayout.Hex(mark)} : {record.Endpoint.Address} . {record.TargetPort}");
                }
            }
        }

        AddLine(work, "delete", NftLayout.Targets, deletedTargets);
        AddLine(work, "delete", NftLayout.Servers, deletedRecords);
        AddLine(work, "add", NftLayout.Servers, addedRecords);
        AddLine(work, "add", NftLayout.Targets, addedTargets);
    }

    /// <summary>A new service: every record and target is added (the common case of a cold apply).</summary>
    private static void AddServers(Work work, NftServiceRecord after)
    {
        List<string> records = [], targets = [];
        foreach (var record in after.ServerRecords())
        {
            work.Elements.Add(NftLayout.Servers, record.ToElement());
            work.Elements.Add(NftLayout.Targets, record.ToTarget());
            if (work.Describes)
            {
                records.Add(record.ToString());
                targets.Add($"{NftLayout.Hex(record.Mark)} : {record.Endpoint.Address} . {record.TargetPort}");
            }
        }

        AddLine(work, "add", NftLayout.Servers, records);
        AddLine(work, "add", NftLayout.Targets, targets);
    }

    private static void DiffSlots(Work work, uint serviceId, uint[] before, uint[] after)
    {
        var deleted = new List<string>();
        var added = new List<string>();
        for (var slot = 0; slot < Math.Max(before.Length, after.Length); slot++)
        {
            var hadSlot = slot < before.Length;
            var hasSlot = slot < after.Length;
            if (hadSlot && hasSlot && before[slot] == after[slot])
            {
                continue;
            }

            var key = NftLayout.SlotKey(serviceId, (uint)slot);
            var keyText = work.Describes ? NftLayout.Hex(NftLayout.SlotKeyValue(serviceId, (uint)slot)) : string.Empty;
            if (hadSlot)
            {
                work.Elements.Delete(NftLayout.Backends, new NftSetElement(key));
                if (work.Describes)
                {
                    deleted.Add(keyText);
                }
            }

            if (hasSlot)
            {
                work.Elements.Add(NftLayout.Backends, new NftSetElement(key, NftLayout.Mark(after[slot])));
                if (work.Describes)
                {
                    added.Add($"{keyText} : {NftLayout.Hex(after[slot])}");
                }
            }
        }

        AddLine(work, "delete", NftLayout.Backends, deleted);
        AddLine(work, "add", NftLayout.Backends, added);
    }

    private static void ForgetPersistence(Work work, NftServiceRecord? before, NftServiceRecord? after)
    {
        if (before?.Service.Persistence is null)
        {
            return;
        }

        // Whole service: it goes, or its scheduling changed so old affinities are meaningless
        // (including the sorry server taking over or handing back).
        var service = before.Service;
        if (after is null || after.Service.Persistence != service.Persistence
            || after.Service.Scheduler != service.Scheduler || after.Service.SorryActive != service.SorryActive)
        {
            work.ForgetPersistServices.Add(before.Id);
        }
    }

    private static void AddLine(Work work, string verb, string set, List<string> elements)
    {
        if (elements.Count == 0 || !work.Describes)
        {
            return;
        }

        var shown = string.Join(", ", elements.Take(ElementsShown));
        var more = elements.Count > ElementsShown ? $", ... ({elements.Count} elements)" : string.Empty;
        work.AddLine($"{verb} element ip {NftLayout.Table} {set} {{ {shown}{more} }}");
    }

    /// <summary>Formats a plan line (invariant culture) only when the translation describes itself.</summary>
    [InterpolatedStringHandler]
    private ref struct LineHandler
    {
        private DefaultInterpolatedStringHandler _text;

        public LineHandler(int literalLength, int formattedCount, Work work, out bool enabled)
        {
            enabled = work.Describes;
            _text = enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture) : default;
        }

        public void AppendLiteral(string value) => _text.AppendLiteral(value);

        public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

        public string ToStringAndClear() => _text.ToStringAndClear();
    }

    private sealed class Work(NftEngineState state, bool describe)
    {
        public bool Describes => describe;

        /// <summary>Adds a line of <c>fulcrum plan</c>'s text; when not describing, the text is not even formatted.</summary>
        public void AddLine([InterpolatedStringHandlerArgument("")] ref LineHandler line)
        {
            if (describe)
            {
                Lines.Add(line.ToStringAndClear());
            }
        }

        public void AddLines(IEnumerable<string> lines)
        {
            if (describe)
            {
                Lines.AddRange(lines);
            }
        }

        public NftBatch Skeleton { get; } = new();

        public NftBatch Chains { get; } = new();

        public NftBatch Rules { get; } = new();

        public KernelElementBuffer Elements { get; } = new();

        public List<string> ChainDeletes { get; } = [];

        public List<string> Lines { get; } = [];

        public ImmutableDictionary<string, NftServiceRecord>.Builder Services { get; } = state.Services.ToBuilder();

        private HashSet<uint>? _usedIds;
        private uint _idCursor = 1;

        public uint NextServiceId { get; set; } = state.NextServiceId;

        /// <summary>
        /// The lowest id no service holds: ids are reused, because a slot key has room for 15 bits
        /// of id. Removed services' persistence entries are forgotten in the same apply.
        /// </summary>
        public uint AllocateServiceId()
        {
            // Built once per translation, and only when a service is added. Ids of services removed
            // in this translation are free from the next one on: in this batch their rules and
            // chains are still being deleted.
            _usedIds ??= [.. state.Services.Values.Select(s => s.Id), .. Services.Values.Select(s => s.Id)];
            while (_usedIds.Contains(_idCursor))
            {
                _idCursor++;
            }

            if (_idCursor > NftLayout.MaxServiceId)
            {
                throw new DataPlaneException($"the nftables engine holds at most {NftLayout.MaxServiceId} services.");
            }

            _usedIds.Add(_idCursor);
            NextServiceId = Math.Max(NextServiceId, _idCursor + 1);
            return _idCursor;
        }

        public uint NextMark { get; set; } = state.NextMark;

        public HashSet<uint> ForgetPersistMarks { get; } = [];

        public HashSet<uint> ForgetPersistServices { get; } = [];

        public List<uint> CutFlowMarks { get; } = [];
    }
}
