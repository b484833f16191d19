using Fulcrum.Core.Net;

namespace Fulcrum.Core.DataPlane;

/// <summary>
/// A real server as the data plane should hold it: where new flows go and with which weight.
/// Weight 0 means drained — no new flows, established ones continue. A server that is not in
/// the model at all is removed, and its established flows are cut.
/// </summary>
/// <param name="Endpoint">Address and port; a null port keeps the client's destination port.</param>
/// <param name="Weight">Effective weight after health and operator overrides, 0 to 65535.</param>
public sealed record RealServer(ServerEndpoint Endpoint, ushort Weight)
{
    /// <summary>True when the server takes new flows.</summary>
    public bool IsUsable => Weight > 0;
}
