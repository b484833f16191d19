namespace Fulcrum.Core.Scheduling;

/// <summary>
/// One backend of a consistent-hashing table: a stable identity (for example
/// <c>192.168.20.11:80</c>) and a weight. Weight 0 means drained: the backend gets no slots.
/// </summary>
/// <param name="Key">Identity hashed to place the backend; must be unique within a table and
/// the same on both balancers, so it is derived from configuration, never from memory order.</param>
/// <param name="Weight">0 to 65535, as for every scheduler.</param>
public readonly record struct MaglevBackend(string Key, int Weight);
