using System.Globalization;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>Deleting entries: one exact delete per entry, many per datagram, ENOENT counted as vanished.</summary>
public sealed partial class ConntrackClient
{
    /// <inheritdoc />
    public int DeleteFlowsTo(ConntrackFlowSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return DeleteFlows(selector.Matches, selector.ToFilter()).Deleted;
    }

    /// <inheritdoc />
    public ConntrackDeleteResult DeleteFlows(Predicate<ConntrackEntry> match, ConntrackFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            // The dump completes before the first delete: the socket carries one request at a time,
            // and deleting behind a running dump's cursor would not speed anything up.
            var matches = List(filter).Where(entry => match(entry)).ToList();
            return Delete(matches);
        }
    }

    /// <inheritdoc />
    /// <remarks>All marks go in one datagram, one acknowledged message each.</remarks>
    public void FlushByMark(IReadOnlyCollection<uint> marks, uint markMask = uint.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(marks);
        if (marks.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var writer = _netlink.CreateRequest(initialCapacity: marks.Count * 40);
            var bySequence = new Dictionary<uint, uint>(marks.Count);
            foreach (var mark in marks)
            {
                bySequence[writer.NextSequence] = mark;
                ConntrackRequests.WriteFlushByMark(writer, mark, markMask);
            }

            _netlink.Execute(writer, describe: message => string.Create(CultureInfo.InvariantCulture,
                $"{NfConntrack.MessageName(NfConntrack.IPCTNL_MSG_CT_DELETE)} (flush, mark 0x{bySequence[message.Sequence]:x8}/0x{markMask:x8})"));
        }
    }

    /// <summary>
    /// Deletes the entries (each by original tuple, zone and id), <see cref="DefaultDeleteBatchSize"/>
    /// per datagram. <c>conntrack -D -p tcp -s ... -d ... --sport ... --dport ...</c> for each.
    /// </summary>
    /// <exception cref="NetlinkException">The kernel refused a delete for a reason other than ENOENT.</exception>
    public ConntrackDeleteResult Delete(IReadOnlyList<ConntrackEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            var deleted = 0;
            var vanished = 0;
            for (var start = 0; start < entries.Count; start += _deleteBatchSize)
            {
                var count = Math.Min(_deleteBatchSize, entries.Count - start);
                var gone = DeleteBatch(entries, start, count);
                vanished += gone;
                deleted += count - gone;
            }

            return new ConntrackDeleteResult(entries.Count, deleted, vanished);
        }
    }

    /// <summary>Deletes one entry; false when it no longer exists (or its tuple now belongs to a newer entry).</summary>
    public bool Delete(ConntrackEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Delete([entry]).Deleted == 1;
    }

    // Returns how many of the batch's entries had vanished (ENOENT).
    private int DeleteBatch(IReadOnlyList<ConntrackEntry> entries, int start, int count)
    {
        var writer = _netlink.CreateRequest(initialCapacity: count * 96);
        var bySequence = new Dictionary<uint, ConntrackEntry>(count);
        for (var i = start; i < start + count; i++)
        {
            var sequence = writer.NextSequence;
            ConntrackRequests.WriteDelete(writer, entries[i]);
            bySequence[sequence] = entries[i];
        }

        try
        {
            _netlink.Execute(writer, describe: message => Describe(bySequence[message.Sequence]));
            return 0;
        }
        catch (NetlinkException failure) when (failure.Errors.Count > 0 && failure.Errors.All(e => e.Errno == Errno.ENOENT))
        {
            // The kernel handles every message of the datagram inside sendmsg, so one entry that
            // expired or closed since the dump does not stop the others: each got its own reply.
            return failure.Errors.Count;
        }
    }
}
