namespace Fulcrum.Core.Config;

/// <summary>DNS record types a DNS probe can ask for (RFC 1035 §3.2.2, RFC 3596, RFC 2782).</summary>
#pragma warning disable CA1720 // Record type names are kept as the RFCs and the config spell them (PTR).
public enum DnsRecordType
{
    /// <summary>IPv4 address.</summary>
    A,

    /// <summary>IPv6 address.</summary>
    AAAA,

    /// <summary>Canonical name.</summary>
    CNAME,

    /// <summary>Mail exchanger.</summary>
    MX,

    /// <summary>Name server.</summary>
    NS,

    /// <summary>Pointer (reverse lookup).</summary>
    PTR,

    /// <summary>Start of authority.</summary>
    SOA,

    /// <summary>Service locator.</summary>
    SRV,

    /// <summary>Text.</summary>
    TXT,
}
#pragma warning restore CA1720
