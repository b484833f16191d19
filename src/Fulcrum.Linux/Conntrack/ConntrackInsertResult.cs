using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Conntrack;

/// <summary>What a batch of creates did.</summary>
/// <param name="Inserted">Entries the kernel created.</param>
/// <param name="Existing">Entries whose tuple the kernel already tracked (EEXIST): left as they were. Not an error.</param>
/// <param name="Failures">The kernel's refusals for any other reason, one per entry refused.</param>
public sealed record ConntrackInsertResult(int Inserted, int Existing, IReadOnlyList<NetlinkError> Failures)
{
    /// <summary>Entries refused for a reason other than EEXIST.</summary>
    public int Failed => Failures.Count;
}
