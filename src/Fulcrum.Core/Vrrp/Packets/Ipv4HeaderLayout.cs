namespace Fulcrum.Core.Vrrp;

//  IPv4 header, RFC 791 §3.1 — what a raw IPPROTO_VRRP socket delivers in front of the VRRP message.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |Version|  IHL  |Type of Service|          Total Length         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Identification        |Flags|      Fragment Offset    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Time to Live |    Protocol   |         Header Checksum       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                       Source Address                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                    Destination Address                        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                    Options                    |    Padding    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Named offsets of the IPv4 header fields the VRRP receive path reads.</summary>
internal static class Ipv4HeaderLayout
{
    public const int VersionAndIhl = 0;
    public const int TotalLength = 2;
    public const int TimeToLive = 8;
    public const int Protocol = 9;
    public const int SourceAddress = 12;
    public const int DestinationAddress = 16;

    /// <summary>Header without options: IHL 5 × 4 bytes.</summary>
    public const int MinimumLength = 20;

    /// <summary>Largest header: IHL 15 × 4 bytes.</summary>
    public const int MaximumLength = 60;

    public const int AddressLength = 4;
    public const int Version = 4;
}
