using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config;

/// <summary>A real server of a virtual service. Weight 0 means drained: no new connections.</summary>
public sealed record RealServerConfig(ServerEndpoint Endpoint, ushort Weight);
