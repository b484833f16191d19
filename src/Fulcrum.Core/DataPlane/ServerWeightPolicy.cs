using Fulcrum.Core.Net;

namespace Fulcrum.Core.DataPlane;

/// <summary>
/// Decides a real server's effective weight from its configured weight: health (a server that
/// is down gets 0) and operator overrides (drain, set weight) plug in here.
/// </summary>
/// <param name="service">The service's name.</param>
/// <param name="server">The real server.</param>
/// <param name="configuredWeight">The weight from the configuration file.</param>
/// <returns>The weight the data plane should use, 0 to 65535.</returns>
public delegate ushort ServerWeightPolicy(string service, ServerEndpoint server, ushort configuredWeight);
