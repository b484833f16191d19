namespace Fulcrum.Core.Config;

/// <summary>
/// Healthy when the server answers a DNS query for <see cref="Query"/> with NOERROR and at least
/// one record. The loader fills <see cref="Port"/> with 53 when the file does not set it.
/// </summary>
public sealed record DnsProbe(ushort? Port, string Query, DnsRecordType Type) : CheckProbe
{
    /// <inheritdoc />
    public override ushort? Port { get; } = Port;
}
