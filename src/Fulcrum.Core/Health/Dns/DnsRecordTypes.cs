using Fulcrum.Core.Config;

namespace Fulcrum.Core.Health.Dns;

/// <summary>TYPE values on the wire.</summary>
public static class DnsRecordTypes
{
    /// <summary>The TYPE code of <paramref name="type"/>: RFC 1035 §3.2.2, RFC 3596 §2.1 (AAAA), RFC 2782 (SRV).</summary>
    public static ushort Code(DnsRecordType type) => type switch
    {
        DnsRecordType.A => 1,
        DnsRecordType.NS => 2,
        DnsRecordType.CNAME => 5,
        DnsRecordType.SOA => 6,
        DnsRecordType.PTR => 12,
        DnsRecordType.MX => 15,
        DnsRecordType.TXT => 16,
        DnsRecordType.AAAA => 28,
        DnsRecordType.SRV => 33,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown DNS record type"),
    };
}
