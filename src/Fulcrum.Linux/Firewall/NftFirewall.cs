using Fulcrum.Core.Firewall;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;
using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.Firewall;

/// <summary>
/// The gateway firewall in Fulcrum's own table, <c>inet fulcrum_filter</c> (never <c>flags owner</c>:
/// it outlives the process). Every apply deletes and re-creates the table in ONE nf_tables
/// transaction, so the kernel holds either the old rules or the new ones; bans in force are carried
/// over. Other tables are left alone (a drop in any base chain wins, so the operator's own tables
/// can only narrow what Fulcrum opens).
/// <para>
/// A trial (<c>fulcrum apply --confirm</c>) keeps the previous table untouched but dormant
/// (<c>flags dormant</c>: its chains are unhooked, its rules, handles, sets and counters kept) and
/// puts the new rules in <c>inet fulcrum_filter_trial</c>; rolling back deletes the trial table and
/// wakes the old one, which is then exactly what it was; confirming moves the new rules into
/// <c>fulcrum_filter</c>.
/// </para>
/// </summary>
public sealed class NftFirewall : IFirewall, IDisposable
{
    /// <summary>The table name of the firewall in force.</summary>
    public const string Table = FirewallRuleset.DefaultTable;

    /// <summary>The table name of rules on trial.</summary>
    public const string TrialTable = FirewallRuleset.DefaultTable + "_trial";

    private readonly NftablesClient _client;

    /// <summary>Creates the firewall over a client it then owns.</summary>
    public NftFirewall(NftablesClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Opens a netfilter socket (inside <paramref name="networkNamespace"/> when given).</summary>
    public static NftFirewall Open(string? networkNamespace = null) => new(NftablesClient.Open(networkNamespace));

    /// <inheritdoc />
    public Task<FirewallRuleset> ApplyAsync(FirewallPolicy policy, CancellationToken cancellationToken)
    {
        FirewallRuleset ruleset = FirewallRenderer.Render(policy);
        Apply(ruleset);
        return Task.FromResult(ruleset);
    }

    /// <summary>Replaces the table with <paramref name="ruleset"/> in one transaction.</summary>
    /// <exception cref="FirewallException">The kernel refused (nothing changed), or a trial is pending.</exception>
    public void Apply(FirewallRuleset ruleset)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        if (TableExists(TrialTable))
        {
            throw new FirewallException($"a trial of new firewall rules is pending (table inet {TrialTable}); confirm it or let it roll back first");
        }

        var batch = new NftBatch();
        DeleteIfPresent(batch, Table);
        NftFirewallTranslator.AddTable(batch, ruleset with { Table = Table });
        CarryBans(batch, Table, Table, ruleset);
        Commit(batch, "applying the firewall");
    }

    /// <summary>
    /// Starts a trial: the current table (if any) goes dormant, exactly as it is, and
    /// <paramref name="ruleset"/> takes effect. Returns whether there was a previous table.
    /// </summary>
    public bool BeginTrial(FirewallRuleset ruleset)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        if (TableExists(TrialTable))
        {
            throw new FirewallException($"a trial of new firewall rules is already pending (table inet {TrialTable})");
        }

        bool previous = TableExists(Table);
        var batch = new NftBatch();
        if (previous)
        {
            batch.Add(new Nftables.Commands.NftAddTable(NftFamily.Inet, Table) { Flags = NfTables.NFT_TABLE_F_DORMANT });
            NftFirewallTranslator.AddTable(batch, ruleset with { Table = TrialTable });
            CarryBans(batch, Table, TrialTable, ruleset);
        }
        else
        {
            NftFirewallTranslator.AddTable(batch, ruleset with { Table = Table });
        }

        Commit(batch, "starting the trial");
        return previous;
    }

    /// <summary>Ends a trial by going back: the trial rules go, the previous table (if any) wakes up unchanged.</summary>
    public void RollBack(bool previousExisted)
    {
        var batch = new NftBatch();
        if (previousExisted)
        {
            DeleteIfPresent(batch, TrialTable);
            batch.Add(new Nftables.Commands.NftAddTable(NftFamily.Inet, Table) { Flags = 0 });
        }
        else
        {
            DeleteIfPresent(batch, Table);
        }

        Commit(batch, "rolling back the trial");
    }

    /// <summary>Ends a trial by keeping it: <paramref name="ruleset"/> (the rules on trial) becomes <c>fulcrum_filter</c>.</summary>
    public void Confirm(FirewallRuleset ruleset, bool previousExisted)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        if (!previousExisted)
        {
            return;
        }

        var batch = new NftBatch();
        DeleteIfPresent(batch, Table);
        NftFirewallTranslator.AddTable(batch, ruleset with { Table = Table });
        CarryBans(batch, TrialTable, Table, ruleset);
        DeleteIfPresent(batch, TrialTable);
        Commit(batch, "confirming the trial");
    }

    /// <inheritdoc />
    public Task<bool> IsAppliedAsync(CancellationToken cancellationToken) => Task.FromResult(TableExists(Table));

    /// <summary>Whether table <c>inet NAME</c> exists.</summary>
    public bool TableExists(string name)
    {
        try
        {
            return _client.ListTables(NftFamily.Inet).Any(t => t.Name == name);
        }
        catch (NetlinkException failure)
        {
            throw new FirewallException($"listing the nftables tables failed: {failure.Message}", failure);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, ulong>> ReadCountersAsync(CancellationToken cancellationToken)
    {
        var counters = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        string table = TableExists(TrialTable) ? TrialTable : Table;
        try
        {
            foreach (NftRuleInfo rule in _client.ListRules(NftFamily.Inet, table))
            {
                string? comment = rule.UserData is { } data ? NftRuleComment.Decode(data) : null;
                if (comment is null || rule.Expressions.OfType<CounterExpression>().FirstOrDefault() is not { } counter)
                {
                    continue;
                }

                string key = $"{rule.Chain}/{comment}";
                counters[key] = counters.GetValueOrDefault(key) + counter.Packets;
            }
        }
        catch (NetlinkException failure) when (failure.Errno == Errno.ENOENT)
        {
            // No table: no counters.
        }
        catch (NetlinkException failure)
        {
            throw new FirewallException($"reading the firewall counters failed: {failure.Message}", failure);
        }

        return Task.FromResult<IReadOnlyDictionary<string, ulong>>(counters);
    }

    /// <inheritdoc />
    public Task RemoveAsync(CancellationToken cancellationToken)
    {
        var batch = new NftBatch();
        DeleteIfPresent(batch, Table);
        DeleteIfPresent(batch, TrialTable);
        Commit(batch, "removing the firewall");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static void DeleteIfPresent(NftBatch batch, string table) => batch.DestroyTable(NftFamily.Inet, table);

    private void CarryBans(NftBatch batch, string fromTable, string toTable, FirewallRuleset ruleset)
    {
        if (!ruleset.Sets.Any(s => s.Name == FirewallRenderer.BannedSet) || !TableExists(fromTable))
        {
            return;
        }

        IReadOnlyList<NftSetElement> banned;
        try
        {
            banned = _client.ListElements(NftFamily.Inet, fromTable, FirewallRenderer.BannedSet);
        }
        catch (NetlinkException failure) when (failure.Errno == Errno.ENOENT)
        {
            return;
        }
        catch (NetlinkException failure)
        {
            throw new FirewallException($"reading the bans in force failed: {failure.Message}", failure);
        }

        var carried = banned
            .Where(e => e.Expiration is { } left && left > TimeSpan.Zero)
            .Select(e => new NftSetElement(e.Key) { Timeout = e.Expiration })
            .ToList();
        if (carried.Count > 0)
        {
            batch.AddElements(NftFamily.Inet, toTable, FirewallRenderer.BannedSet, carried);
        }
    }

    private void Commit(NftBatch batch, string what)
    {
        try
        {
            _client.Commit(batch);
        }
        catch (NetlinkException rejected)
        {
            throw new FirewallException($"nftables rejected {what}; nothing was changed: {rejected.Message}", rejected);
        }
    }
}
