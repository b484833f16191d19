namespace Fulcrum.Core.Config;

/// <summary>The outcome of <see cref="NodeDetection.Detect"/>: the node and why, or the error that says what to do.</summary>
/// <param name="Node">This host's node, or null.</param>
/// <param name="Reason">Why it is this node (for messages), when found.</param>
/// <param name="Error">What went wrong and what to do, when not found.</param>
public sealed record NodeDetectionResult(NodeConfig? Node, string? Reason, string? Error);
