using System.Globalization;
using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// Creating entries another node tracks (connection synchronisation), and deleting them again by
/// tuple: many per datagram, each acknowledged, one refusal not stopping the others.
/// </summary>
public sealed partial class ConntrackClient
{
    /// <summary>
    /// Creates each entry as <see cref="ConntrackRequests.WriteCreate"/> describes (original tuple,
    /// DNAT to the reply's source, mark, status, timeout, TCP state), <see cref="DefaultDeleteBatchSize"/>
    /// per datagram. Entries that exist already are counted, not changed.
    /// </summary>
    /// <exception cref="NetlinkException">The socket failed (not a refusal of single entries, which are counted).</exception>
    public ConntrackInsertResult Insert(IReadOnlyList<ConntrackEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var inserted = 0;
        var existing = 0;
        var failures = new List<NetlinkError>();
        lock (_gate)
        {
            for (var start = 0; start < entries.Count; start += _deleteBatchSize)
            {
                var count = Math.Min(_deleteBatchSize, entries.Count - start);
                var writer = _netlink.CreateRequest(initialCapacity: count * 160);
                var bySequence = new Dictionary<uint, ConntrackEntry>(count);
                for (var i = start; i < start + count; i++)
                {
                    bySequence[writer.NextSequence] = entries[i];
                    ConntrackRequests.WriteCreate(writer, entries[i]);
                }

                var refused = ExecuteCounting(writer, message => string.Create(CultureInfo.InvariantCulture,
                    $"{NfConntrack.MessageName(NfConntrack.IPCTNL_MSG_CT_NEW)} ({bySequence[message.Sequence].Original})"));
                var exists = refused.Count(e => e.Errno == Errno.EEXIST);
                failures.AddRange(refused.Where(e => e.Errno != Errno.EEXIST));
                existing += exists;
                inserted += count - refused.Count;
            }
        }

        return new ConntrackInsertResult(inserted, existing, failures);
    }

    /// <summary>
    /// Deletes the entries holding these original tuples, whatever their id (the entries another
    /// node's sync created here), <see cref="DefaultDeleteBatchSize"/> per datagram. A tuple no
    /// entry holds (ENOENT) is counted as vanished.
    /// </summary>
    /// <exception cref="NetlinkException">The kernel refused a delete for a reason other than ENOENT.</exception>
    public ConntrackDeleteResult DeleteByTuple(IReadOnlyList<ConntrackTuple> originals)
    {
        ArgumentNullException.ThrowIfNull(originals);
        var vanished = 0;
        lock (_gate)
        {
            for (var start = 0; start < originals.Count; start += _deleteBatchSize)
            {
                var count = Math.Min(_deleteBatchSize, originals.Count - start);
                var writer = _netlink.CreateRequest(initialCapacity: count * 80);
                var bySequence = new Dictionary<uint, ConntrackTuple>(count);
                for (var i = start; i < start + count; i++)
                {
                    bySequence[writer.NextSequence] = originals[i];
                    ConntrackRequests.WriteDeleteByTuple(writer, originals[i]);
                }

                var refused = ExecuteCounting(writer, message => string.Create(CultureInfo.InvariantCulture,
                    $"{NfConntrack.MessageName(NfConntrack.IPCTNL_MSG_CT_DELETE)} ({bySequence[message.Sequence]})"));
                var others = refused.Where(e => e.Errno != Errno.ENOENT).ToList();
                if (others.Count > 0)
                {
                    throw new NetlinkException(others);
                }

                vanished += refused.Count;
            }
        }

        return new ConntrackDeleteResult(originals.Count, originals.Count - vanished, vanished);
    }

    // The kernel handles every message of a datagram inside sendmsg, so each got its own answer:
    // the refused ones come back as errors, the others were done.
    private IReadOnlyList<NetlinkError> ExecuteCounting(NetlinkMessageWriter writer, Func<NetlinkRequestMessage, string> describe)
    {
        try
        {
            _netlink.Execute(writer, describe: describe);
            return [];
        }
        catch (NetlinkException refused) when (refused.Errors.Count > 0)
        {
            return refused.Errors;
        }
    }
}
