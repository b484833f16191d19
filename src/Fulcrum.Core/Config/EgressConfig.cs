using Fulcrum.Core.Collections;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config;

/// <summary>
/// What the real servers may open towards the outside (source-NATed to the public VIP).
/// <see cref="AllowAll"/> allows everything; otherwise only <see cref="Allow"/>, and nothing when it is empty.
/// </summary>
public sealed record EgressConfig(bool AllowAll, EquatableArray<PortRule> Allow);
