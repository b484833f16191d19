using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>Healthy when an HTTP GET over TLS answers as expected.</summary>
/// <param name="Sni">Server name sent in the TLS handshake, or null for none.</param>
/// <param name="Verify">Whether the server certificate must be valid for <paramref name="Sni"/>.</param>
public sealed record HttpsProbe(
    string Path,
    EquatableArray<StatusCodeRange> Status,
    string? Host,
    string? BodyContains,
    string? BodyRegex,
    string? Digest,
    ushort? Port,
    string? Sni,
    bool Verify) : HttpProbeBase(Path, Status, Host, BodyContains, BodyRegex, Digest)
{
    /// <inheritdoc />
    public override ushort? Port { get; } = Port;
}
