namespace Fulcrum.Core.Config;

/// <summary>Sends a datagram; healthy when a reply arrives (containing <see cref="Expect"/> when set).</summary>
public sealed record UdpProbe(ushort? Port, string Send, string? Expect) : CheckProbe
{
    /// <inheritdoc />
    public override ushort? Port { get; } = Port;
}
