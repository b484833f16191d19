namespace Fulcrum.Core.Health.Dns;

/// <summary>
/// The DNS message header, RFC 1035 §4.1.1:
/// <code>
///                                 1  1  1  1  1  1
///   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                      ID                       |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                    QDCOUNT                    |
/// |                    ANCOUNT                    |
/// |                    NSCOUNT                    |
/// |                    ARCOUNT                    |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// </code>
/// All fields are big-endian (network order).
/// </summary>
internal static class DnsHeaderLayout
{
    public const int Id = 0;
    public const int Flags = 2;
    public const int QuestionCount = 4;
    public const int AnswerCount = 6;
    public const int AuthorityCount = 8;
    public const int AdditionalCount = 10;
    public const int Length = 12;

    public const ushort QrResponse = 0x8000;
    public const ushort OpcodeMask = 0x7800;
    public const ushort Truncated = 0x0200;
    public const ushort RecursionDesired = 0x0100;
    public const ushort RcodeMask = 0x000F;

    /// <summary>CLASS IN, RFC 1035 §3.2.4.</summary>
    public const ushort ClassInternet = 1;

    /// <summary>Longest name on the wire, RFC 1035 §2.3.4.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Longest label, RFC 1035 §2.3.4.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The two top bits of a length byte that mark a compression pointer, RFC 1035 §4.1.4.</summary>
    public const byte PointerMask = 0xC0;
}
