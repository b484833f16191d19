namespace Fulcrum.Core.Config;

/// <summary>Healthy when a TLS handshake completes.</summary>
public sealed record TlsProbe(ushort? Port, string? Sni, bool Verify) : CheckProbe
{
    /// <inheritdoc />
    public override ushort? Port { get; } = Port;
}
