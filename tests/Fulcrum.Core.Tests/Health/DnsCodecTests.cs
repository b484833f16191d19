using System.Buffers.Binary;
using Fulcrum.Core.Health.Dns;

namespace Fulcrum.Core.Tests.Health;

public sealed class DnsCodecTests
{
    private const ushort A = 1;
    private const ushort Cname = 5;

    [Fact]
    public void A_query_is_the_rfc_1035_header_then_the_question()
    {
        byte[] buffer = new byte[512];
        int length = DnsQuery.Write(buffer, 0xBEEF, "www.example.org", A);

        byte[] expected =
        [
            0xBE, 0xEF, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // ID, RD, QDCOUNT 1
            3, (byte)'w', (byte)'w', (byte)'w', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e',
            3, (byte)'o', (byte)'r', (byte)'g', 0,
            0x00, 0x01, 0x00, 0x01, // QTYPE A, QCLASS IN
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("bad label with spaces and more than sixty-three characters in one single label.org")]
    public void Invalid_names_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => DnsQuery.Write(new byte[512], 1, name, A));
    }

    [Fact]
    public void A_noerror_response_with_a_cname_chain_counts_the_answers_of_the_asked_type()
    {
        byte[] response = Response(0x1234, rcode: 0, "www.example.org", A, (Cname, [3, (byte)'c', (byte)'d', (byte)'n', 0xC0, 12]), (A, [192, 0, 2, 1]));

        Assert.True(DnsResponse.TryParse(response, 0x1234, "www.example.org", A, out DnsResponse parsed, out string error), error);
        Assert.Equal(new DnsResponse(0, false, 2, 1), parsed);
    }

    [Fact]
    public void Nxdomain_is_parsed_with_its_rcode()
    {
        byte[] response = Response(7, rcode: 3, "nope.example.org", A);

        Assert.True(DnsResponse.TryParse(response, 7, "nope.example.org", A, out DnsResponse parsed, out _));
        Assert.Equal(3, parsed.Rcode);
        Assert.Equal("NXDOMAIN", DnsResponse.RcodeName(parsed.Rcode));
        Assert.Equal(0, parsed.AnswerCount);
    }

    [Fact]
    public void Wrong_id_other_question_short_header_and_cut_answers_are_refused_with_a_reason()
    {
        byte[] good = Response(9, 0, "a.example", A, (A, [192, 0, 2, 1]));

        Assert.False(DnsResponse.TryParse(good, 10, "a.example", A, out _, out string wrongId));
        Assert.Contains("ID", wrongId, StringComparison.Ordinal);
        Assert.False(DnsResponse.TryParse(good, 9, "b.example", A, out _, out string other));
        Assert.Contains("another question", other, StringComparison.Ordinal);
        Assert.False(DnsResponse.TryParse(good.AsSpan(0, 8), 9, "a.example", A, out _, out string shortHeader));
        Assert.Contains("shorter than a header", shortHeader, StringComparison.Ordinal);
        Assert.False(DnsResponse.TryParse(good.AsSpan(0, good.Length - 2), 9, "a.example", A, out _, out string cut));
        Assert.Contains("cut short", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compression_pointer_loop_is_refused_not_followed_forever()
    {
        byte[] response = Response(1, 0, "a.example", A);
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(12), 0xC000 | 12); // question name points at itself

        Assert.False(DnsResponse.TryParse(response, 1, "a.example", A, out _, out _));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(5);
        for (int i = 0; i < 5000; i++)
        {
            byte[] junk = new byte[random.Next(0, 80)];
            random.NextBytes(junk);
            _ = DnsResponse.TryParse(junk, 1, "a.example", A, out _, out _);
        }
    }

    /// <summary>A response as a server would send it: header, the echoed question, answers named by a pointer to it.</summary>
    internal static byte[] Response(ushort id, int rcode, string name, ushort type, params (ushort Type, byte[] Data)[] answers)
    {
        byte[] query = new byte[512];
        int length = DnsQuery.Write(query, id, name, type);
        var message = new List<byte>(query[..length]);
        ushort flags = (ushort)(0x8000 | 0x0100 | 0x0080 | rcode); // QR, RD, RA
        message[2] = (byte)(flags >> 8);
        message[3] = (byte)flags;
        message[7] = (byte)answers.Length;
        foreach ((ushort answerType, byte[] data) in answers)
        {
            message.AddRange([0xC0, 12, (byte)(answerType >> 8), (byte)answerType, 0, 1, 0, 0, 0x0E, 0x10, (byte)(data.Length >> 8), (byte)data.Length]);
            message.AddRange(data);
        }

        return [.. message];
    }
}
