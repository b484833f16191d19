using System.Buffers.Binary;

namespace Fulcrum.Core.Health.Dns;

/// <summary>What a DNS probe needs from a response: RCODE, counts and the answers' types.</summary>
/// <param name="Rcode">Response code, RFC 1035 §4.1.1 (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED).</param>
/// <param name="Truncated">TC: the answer did not fit a datagram.</param>
/// <param name="AnswerCount">ANCOUNT.</param>
/// <param name="MatchingAnswers">Answers of the asked type (a CNAME chain may precede them).</param>
public readonly record struct DnsResponse(int Rcode, bool Truncated, int AnswerCount, int MatchingAnswers)
{
    /// <summary>RCODE 0, RFC 1035 §4.1.1.</summary>
    public const int NoError = 0;

    /// <summary>The RFC name of an RCODE: RFC 1035 §4.1.1 and RFC 6895 §2.3.</summary>
    public static string RcodeName(int rcode) => rcode switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        _ => $"RCODE {rcode}",
    };

    /// <summary>
    /// Parses <paramref name="message"/> as the response to query <paramref name="id"/> for
    /// (<paramref name="name"/>, <paramref name="type"/>). Returns false with a reason when it is not one.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, ushort id, string name, ushort type, out DnsResponse response, out string error)
    {
        response = default;
        if (message.Length < DnsHeaderLayout.Length)
        {
            error = $"DNS response of {message.Length} bytes is shorter than a header";
            return false;
        }

        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(message[DnsHeaderLayout.Flags..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(message[DnsHeaderLayout.Id..]) != id || (flags & DnsHeaderLayout.QrResponse) == 0)
        {
            error = "DNS reply is not the response to our query (ID or QR bit)";
            return false;
        }

        if ((flags & DnsHeaderLayout.OpcodeMask) != 0)
        {
            error = "DNS response has an opcode other than QUERY";
            return false;
        }

        int questions = BinaryPrimitives.ReadUInt16BigEndian(message[DnsHeaderLayout.QuestionCount..]);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(message[DnsHeaderLayout.AnswerCount..]);
        int offset = DnsHeaderLayout.Length;
        if (questions != 1 || !TryReadName(message, ref offset, out string asked) || offset + 4 > message.Length)
        {
            error = "DNS response does not echo exactly one well-formed question";
            return false;
        }

        ushort askedType = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        offset += 4;
        if (askedType != type || !string.Equals(asked, name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            error = $"DNS response answers another question ({asked} type {askedType})";
            return false;
        }

        int matching = 0;
        bool truncated = (flags & DnsHeaderLayout.Truncated) != 0;
        for (int i = 0; i < answers; i++)
        {
            // RFC 1035 §4.1.3: NAME, TYPE(2), CLASS(2), TTL(4), RDLENGTH(2), RDATA.
            if (!TryReadName(message, ref offset, out _) || offset + 10 > message.Length)
            {
                if (truncated)
                {
                    break; // a truncated message may end mid-record
                }

                error = "DNS answer record is cut short";
                return false;
            }

            ushort answerType = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            int dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10 + dataLength;
            if (offset > message.Length && !truncated)
            {
                error = "DNS answer data is cut short";
                return false;
            }

            matching += answerType == type ? 1 : 0;
        }

        response = new DnsResponse(flags & DnsHeaderLayout.RcodeMask, truncated, answers, matching);
        error = "";
        return true;
    }

    // RFC 1035 §3.1 names and §4.1.4 compression pointers. A pointer must point backwards, which
    // bounds the walk and rules out loops.
    private static bool TryReadName(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        var labels = new List<string>();
        int position = offset;
        int? resumeAt = null;
        int length = 0;
        while (true)
        {
            if (position >= message.Length)
            {
                name = "";
                return false;
            }

            byte count = message[position];
            if ((count & DnsHeaderLayout.PointerMask) == DnsHeaderLayout.PointerMask)
            {
                if (position + 1 >= message.Length)
                {
                    name = "";
                    return false;
                }

                int target = BinaryPrimitives.ReadUInt16BigEndian(message[position..]) & 0x3FFF;
                if (target >= position)
                {
                    name = "";
                    return false;
                }

                resumeAt ??= position + 2;
                position = target;
                continue;
            }

            if ((count & DnsHeaderLayout.PointerMask) != 0 || position + 1 + count > message.Length)
            {
                name = "";
                return false;
            }

            if (count == 0)
            {
                offset = resumeAt ?? position + 1;
                name = string.Join('.', labels);
                return true;
            }

            length += count + 1;
            if (length > DnsHeaderLayout.MaxNameLength)
            {
                name = "";
                return false;
            }

            labels.Add(System.Text.Encoding.ASCII.GetString(message.Slice(position + 1, count)));
            position += 1 + count;
        }
    }
}
