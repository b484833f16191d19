namespace Fulcrum.Linux.Conntrack;

/// <summary>What a bulk delete did.</summary>
/// <param name="Matched">Entries the dump returned that the predicate selected.</param>
/// <param name="Deleted">Of those, entries the kernel deleted.</param>
/// <param name="Vanished">Of those, entries that were gone by the time of the delete (ENOENT: expired, closed, or deleted by someone else). Not an error.</param>
public readonly record struct ConntrackDeleteResult(int Matched, int Deleted, int Vanished);
