using Fulcrum.Core.Collections;

namespace Fulcrum.Core.DataPlane;

/// <summary>A virtual service's traffic: the sum over its servers, and each server's share.</summary>
public sealed record ServiceCounters(string Name, TrafficCounters Total, EquatableArray<ServerCounters> Servers);
