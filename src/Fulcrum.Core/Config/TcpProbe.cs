namespace Fulcrum.Core.Config;

/// <summary>Healthy when a TCP connection opens.</summary>
public sealed record TcpProbe(ushort? Port) : CheckProbe
{
    /// <inheritdoc />
    public override ushort? Port { get; } = Port;
}
