using Fulcrum.Core.Collections;

namespace Fulcrum.Core.Config;

/// <summary>Healthy when a plain HTTP GET answers as expected.</summary>
public sealed record HttpProbe(
    string Path,
    EquatableArray<StatusCodeRange> Status,
    string? Host,
    string? BodyContains,
    string? BodyRegex,
    string? Digest,
    ushort? Port) : HttpProbeBase(Path, Status, Host, BodyContains, BodyRegex, Digest)
{
    /// <inheritdoc />
    public override ushort? Port { get; } = Port;
}
