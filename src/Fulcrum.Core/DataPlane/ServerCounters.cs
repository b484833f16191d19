using Fulcrum.Core.Net;

namespace Fulcrum.Core.DataPlane;

/// <summary>The traffic one server of a service carried; <paramref name="IsSorry"/> for the sorry server.</summary>
public sealed record ServerCounters(ServerEndpoint Endpoint, bool IsSorry, TrafficCounters Traffic);
