namespace Fulcrum.Core.Vrrp;

//  VRRPv3, RFC 5798 §5.1 (IPv4 addresses, so "IPvX" is 4 bytes each):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |Version| Type  | Virtual Rtr ID|   Priority    |Count IPvX Addr|
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |(rsvd) |     Max Adver Int     |          Checksum             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                       IPvX Address(es)                        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  VRRPv2, RFC 3768 §5.1:
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |Version| Type  | Virtual Rtr ID|   Priority    | Count IP Addrs|
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |   Auth Type   |   Adver Int   |          Checksum             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         IP Address (1..n)                     |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     Authentication Data (1)                   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     Authentication Data (2)                   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Named offsets of the VRRP message fields, relative to the start of the VRRP message.</summary>
internal static class VrrpPacketLayout
{
    /// <summary>Version (high nibble) and Type (low nibble). RFC 5798 §5.2.1–5.2.2.</summary>
    public const int VersionAndType = 0;

    /// <summary>RFC 5798 §5.2.3.</summary>
    public const int VirtualRouterId = 1;

    /// <summary>RFC 5798 §5.2.4.</summary>
    public const int Priority = 2;

    /// <summary>RFC 5798 §5.2.5.</summary>
    public const int AddressCount = 3;

    /// <summary>v3: 4 reserved bits then the 12-bit Max Adver Int in centiseconds. RFC 5798 §5.2.6–5.2.7.</summary>
    public const int V3ReservedAndInterval = 4;

    /// <summary>v2: Auth Type. RFC 3768 §5.3.6.</summary>
    public const int V2AuthType = 4;

    /// <summary>v2: Adver Int in seconds. RFC 3768 §5.3.7.</summary>
    public const int V2Interval = 5;

    /// <summary>RFC 5798 §5.2.8, RFC 3768 §5.3.8.</summary>
    public const int Checksum = 6;

    /// <summary>First address. RFC 5798 §5.2.9.</summary>
    public const int Addresses = 8;

    /// <summary>Fixed part before the addresses.</summary>
    public const int HeaderLength = 8;

    public const int AddressLength = 4;

    /// <summary>The v3 interval mask: the low 12 bits. RFC 5798 §5.2.7.</summary>
    public const ushort V3IntervalMask = 0x0FFF;

    /// <summary>Length of a whole VRRP message carrying <paramref name="addressCount"/> IPv4 addresses.</summary>
    public static int MessageLength(VrrpVersion version, int addressCount) =>
        HeaderLength + (addressCount * AddressLength)
        + (version == VrrpVersion.V2 ? VrrpConstants.V2AuthenticationDataLength : 0);
}
