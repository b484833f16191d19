using Fulcrum.Core.Collections;
using System.Net;

namespace Fulcrum.Core.Config;

/// <summary>
/// Brute-force blocking on the admin SSH port: a source that opens more than <see cref="After"/>
/// new connections in a burst (refilled at <see cref="After"/> per <see cref="Per"/>) is banned
/// for <see cref="Time"/>. <see cref="Time"/> zero turns banning off. Sources in
/// <see cref="Exempt"/> (and the peer node's addresses) are never banned.
/// </summary>
public sealed record BanConfig(int After, TimeSpan Per, TimeSpan Time, EquatableArray<IPNetwork> Exempt)
{
    /// <summary>Five new connections, refilled at five a minute; ten minutes' ban; no exemptions.</summary>
    public static BanConfig Default { get; } = new(5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), []);

    /// <summary>Whether offenders are banned at all.</summary>
    public bool Enabled => Time > TimeSpan.Zero;
}
