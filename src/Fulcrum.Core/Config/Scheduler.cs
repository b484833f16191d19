namespace Fulcrum.Core.Config;

/// <summary>How a virtual service picks a real server for a new connection.</summary>
public enum Scheduler
{
    /// <summary><c>rr</c>: each server in turn, ignoring weights.</summary>
    RoundRobin,

    /// <summary><c>wrr</c>: in turn, in proportion to the weights.</summary>
    WeightedRoundRobin,

    /// <summary><c>sh</c>: by a hash of the client address, so a client sticks to a server.</summary>
    SourceHash,

    /// <summary><c>maglev</c>: consistent hashing; few connections move when servers change.</summary>
    Maglev,

    /// <summary><c>random</c>: weighted random choice.</summary>
    Random,
}
