using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Fulcrum.Integration.Tests.Health;

/// <summary>
/// A tiny authoritative answer for the lab's DNS responder (RFC 1035 §4.1): one A record for one name,
/// NXDOMAIN for every other name. Takes the query as the checker writes it (one question, no EDNS).
/// </summary>
internal static class LabDnsAnswers
{
    public static byte[] Answer(byte[] query, string name, IPAddress address)
    {
        // The question's name as text: labels from offset 12 up to the root label.
        var labels = new List<string>();
        int offset = 12;
        while (query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]));
            offset += 1 + query[offset];
        }

        int questionEnd = offset + 1 + 4; // root label, type, class
        bool known = string.Equals(string.Join('.', labels), name, StringComparison.OrdinalIgnoreCase);
        byte[] response = new byte[questionEnd + (known ? 16 : 0)];
        query.AsSpan(0, questionEnd).CopyTo(response);
        response[2] = (byte)(0x84 | (query[2] & 0x01)); // QR, AA, RD echoed
        response[3] = (byte)(known ? 0 : 3); // NOERROR or NXDOMAIN
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(6), (ushort)(known ? 1 : 0)); // ANCOUNT
        if (known)
        {
            Span<byte> answer = response.AsSpan(questionEnd);
            BinaryPrimitives.WriteUInt16BigEndian(answer, 0xC00C); // the name: a pointer to the question's
            BinaryPrimitives.WriteUInt16BigEndian(answer[2..], 1); // A
            BinaryPrimitives.WriteUInt16BigEndian(answer[4..], 1); // IN
            BinaryPrimitives.WriteUInt32BigEndian(answer[6..], 60); // TTL
            BinaryPrimitives.WriteUInt16BigEndian(answer[10..], 4);
            address.TryWriteBytes(answer[12..], out _);
        }

        return response;
    }
}
