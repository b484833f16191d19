using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config;

/// <summary>
/// What the real servers may open towards the outside (source-NATed to the public VIP).
/// <see cref="AllowAll"/> allows everything; otherwise only <see cref="Allow"/>, and nothing when it is empty.
/// Either way only towards <see cref="To"/>.
/// </summary>
public sealed record EgressConfig(bool AllowAll, EquatableArray<IPNetwork> To, EquatableArray<PortRule> Allow)
{
    /// <summary>Anywhere (<c>0.0.0.0/0</c>), the default of <see cref="To"/>.</summary>
    public static EquatableArray<IPNetwork> Anywhere { get; } = [new IPNetwork(IPAddress.Any, 0)];

    /// <summary>An egress policy towards anywhere.</summary>
    public EgressConfig(bool allowAll, EquatableArray<PortRule> allow)
        : this(allowAll, Anywhere, allow)
    {
    }
}
