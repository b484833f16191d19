using Fulcrum.Core.Collections;
using System.Net;

namespace Fulcrum.Core.Config;

/// <summary>
/// Brute-force blocking on the admin SSH port: a source that completes more than <see cref="After"/>
/// TCP handshakes in a burst (refilled at <see cref="After"/> per <see cref="Per"/>) is banned for
/// <see cref="Time"/>. Only completed handshakes count, so a spoofed source (which never sees the
/// SYN-ACK) and a half-open scan cannot get an address banned. <see cref="Time"/> zero turns banning
/// off. Sources in <see cref="Exempt"/>, the peer node's addresses and, with <see cref="ExemptAdmin"/>,
/// the admin networks are never banned.
/// </summary>
public sealed record BanConfig(int After, TimeSpan Per, TimeSpan Time, EquatableArray<IPNetwork> Exempt)
{
    /// <summary>Five handshakes, refilled at five a minute; ten minutes' ban; admin networks exempt.</summary>
    public static BanConfig Default { get; } = new(5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), []);

    /// <summary>
    /// Whether <c>admin.from</c> is exempt too (default): the admin's own workstation is never locked
    /// out by its own scripts or scans. A catch-all <c>0.0.0.0/0</c> in <c>admin.from</c> is never
    /// exempted (it means "anywhere"); with it, brute-force blocking is what protects SSH.
    /// </summary>
    public bool ExemptAdmin { get; init; } = true;

    /// <summary>Whether offenders are banned at all.</summary>
    public bool Enabled => Time > TimeSpan.Zero;
}
