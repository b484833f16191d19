using Fulcrum.Core.Net;

namespace Fulcrum.Core.Health;

/// <summary>One real server of one service: the unit the data plane adds, removes and weighs.</summary>
public readonly record struct ServerKey(string Service, ServerEndpoint Endpoint)
{
    /// <summary><c>web/192.168.20.11:80</c>.</summary>
    public override string ToString() => $"{Service}/{Endpoint}";
}
