using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config;

/// <summary>SSH to the nodes' own addresses, allowed only from <see cref="From"/>.</summary>
public sealed record AdminAccessConfig(ushort SshPort, EquatableArray<IPNetwork> From)
{
    /// <summary>More ports on the nodes open only to <see cref="From"/> (the daemon's API and metrics ports); default none.</summary>
    public EquatableArray<PortRule> Ports { get; init; } = [];

    /// <summary>Brute-force blocking on <see cref="SshPort"/>.</summary>
    public BanConfig Ban { get; init; } = BanConfig.Default;
}
