using Fulcrum.Core.Net;

namespace Fulcrum.Core.Firewall;

/// <summary>A virtual service whose clients may each hold at most <paramref name="Limit"/> connections open.</summary>
public sealed record ServiceClientLimit(string Service, ListenEndpoint Listen, int Limit);
