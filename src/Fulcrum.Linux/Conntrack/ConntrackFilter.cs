using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Linux.Conntrack;

/// <summary>
/// Which entries a dump returns. The kernel applies it (CTA_MARK/CTA_MARK_MASK since 2.6.x, the
/// tuple fields as CTA_FILTER since 5.9), so only matching entries cross the socket; the client
/// checks <see cref="Matches"/> again, which keeps results exact on kernels that ignore a field.
/// Equivalent of <c>conntrack -L -f ipv4 -p tcp --orig-dst VIP --orig-port-dst PORT --reply-src RS --mark M/MASK</c>.
/// </summary>
public sealed record ConntrackFilter
{
    /// <summary>Every entry of both families.</summary>
    public static ConntrackFilter All { get; } = new();

    /// <summary>Only entries of this family (InterNetwork or InterNetworkV6); implied by the addresses.</summary>
    public AddressFamily? Family { get; init; }

    /// <summary>Only entries of this IP protocol.</summary>
    public ProtocolType? Protocol { get; init; }

    /// <summary>Only entries whose original destination is this address (the VIP, for balanced flows).</summary>
    public IPAddress? OriginalDestination { get; init; }

    /// <summary>Only entries whose original destination port is this one (requires <see cref="Protocol"/>).</summary>
    public ushort? OriginalDestinationPort { get; init; }

    /// <summary>Only entries whose reply source is this address (the real server, after DNAT).</summary>
    public IPAddress? ReplySource { get; init; }

    /// <summary>Only entries whose reply source port is this one (requires <see cref="Protocol"/>).</summary>
    public ushort? ReplySourcePort { get; init; }

    /// <summary>Only entries whose ct mark, masked with <see cref="MarkMask"/>, equals this value.</summary>
    public uint? Mark { get; init; }

    /// <summary>The bits of the mark <see cref="Mark"/> compares (all by default).</summary>
    public uint MarkMask { get; init; } = uint.MaxValue;

    /// <summary>The family the filter restricts to: <see cref="Family"/> or the addresses' family; null for both.</summary>
    /// <exception cref="ArgumentException">The filter is inconsistent (mixed families, a port without a protocol).</exception>
    public AddressFamily? EffectiveFamily
    {
        get
        {
            var family = Family;
            foreach (var address in new[] { OriginalDestination, ReplySource })
            {
                if (address is null)
                {
                    continue;
                }

                if (family is { } known && known != address.AddressFamily)
                {
                    throw new ArgumentException($"The filter mixes {known} and {address.AddressFamily} ({address}).");
                }

                family = address.AddressFamily;
            }

            if (family is not null and not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            {
                throw new ArgumentException($"Conntrack tracks IPv4 and IPv6 only, not {family}.");
            }

            if ((OriginalDestinationPort is not null || ReplySourcePort is not null) && (Protocol is not { } protocol || !ConntrackTuple.HasPortsFor(protocol)))
            {
                throw new ArgumentException("A port filter needs a protocol with ports (tcp, udp, sctp, ...).");
            }

            return family;
        }
    }

    /// <summary>True when <paramref name="entry"/> passes every field of the filter.</summary>
    public bool Matches(ConntrackEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (Family is not { } family || entry.Original.Source.AddressFamily == family)
            && (Protocol is not { } protocol || entry.Protocol == protocol)
            && (OriginalDestination is null || OriginalDestination.Equals(entry.Original.Destination))
            && (OriginalDestinationPort is not { } destinationPort || entry.Original.DestinationPort == destinationPort)
            && (ReplySource is null || ReplySource.Equals(entry.Reply.Source))
            && (ReplySourcePort is not { } sourcePort || entry.Reply.SourcePort == sourcePort)
            && (Mark is not { } mark || (entry.Mark & MarkMask) == mark);
    }
}
