namespace Fulcrum.Core.Config;

/// <summary>Something tracked by name with a weight (an interface, a service's quorum).</summary>
/// <param name="Name">The interface or service name.</param>
/// <param name="Weight">-254 to 254: negative is added to the priority while down, positive while up; 0 makes "down" a fault.</param>
public sealed record TrackedWeight(string Name, int Weight);
