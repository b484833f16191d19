using System.Net;
using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>A network both nodes are attached to, with the floating addresses (VIPs) that live on the active node.</summary>
public sealed record NetworkConfig(
    string Name,
    NetworkRole Role,
    string Interface,
    IPNetwork Prefix,
    EquatableArray<IPAddress> Vips);
