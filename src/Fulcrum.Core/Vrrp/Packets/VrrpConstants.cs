using System.Net;

namespace Fulcrum.Core.Vrrp;

/// <summary>Protocol constants of VRRP over IPv4, each with the section that defines it.</summary>
public static class VrrpConstants
{
    /// <summary>IP protocol number of VRRP. RFC 5798 §5.1.1.4, RFC 3768 §5.2.4.</summary>
    public const byte IpProtocolNumber = 112;

    /// <summary>TTL of every advert; receivers drop others. RFC 5798 §5.1.1.3, RFC 3768 §5.2.3.</summary>
    public const byte Ttl = 255;

    /// <summary>The only VRRP packet type: ADVERTISEMENT. RFC 5798 §5.2.2, RFC 3768 §5.3.2.</summary>
    public const byte AdvertisementType = 1;

    /// <summary>Priority of a master that stops: backups take over after Skew_Time. RFC 5798 §5.2.4.</summary>
    public const byte PriorityStop = 0;

    /// <summary>Priority of the address owner. RFC 5798 §5.2.4. Fulcrum never owns its VIPs, so never uses it.</summary>
    public const byte PriorityOwner = 255;

    /// <summary>Highest priority a backup-capable router may use. RFC 5798 §5.2.4.</summary>
    public const byte MaximumBackupPriority = 254;

    /// <summary>Default priority of a backup router. RFC 5798 §5.2.4.</summary>
    public const byte DefaultPriority = 100;

    /// <summary>Largest v3 Max Adver Int: the field is 12 bits of centiseconds. RFC 5798 §5.2.7.</summary>
    public const ushort MaximumV3IntervalCentiseconds = 0x0FFF;

    /// <summary>Largest v2 Adver Int: the field is 8 bits of seconds. RFC 3768 §5.3.7.</summary>
    public const byte MaximumV2IntervalSeconds = byte.MaxValue;

    /// <summary>Length of the v2 authentication data. RFC 3768 §5.3.10.</summary>
    public const int V2AuthenticationDataLength = 8;

    /// <summary>The multicast group adverts are sent to: 224.0.0.18. RFC 5798 §5.1.1.2, RFC 3768 §5.2.2.</summary>
    public static IPAddress MulticastGroup { get; } = IPAddress.Parse("224.0.0.18");
}
