using System.Text;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Nftables;

/// <summary>
/// A rule comment as nft stores it in NFTA_RULE_USERDATA: one libnftnl udata record
/// <c>{ u8 NFTNL_UDATA_RULE_COMMENT, u8 length, NUL-terminated text }</c>. <c>nft list</c> prints it as
/// <c>comment "..."</c>, so state kept in it stays readable to an operator.
/// </summary>
public static class NftRuleComment
{
    /// <summary>Longest text: one length byte, including the NUL (and within NFT_USERDATA_MAXLEN).</summary>
    public const int MaxLength = 254;

    /// <summary>Encodes <paramref name="text"/> (ASCII) as rule user data.</summary>
    /// <exception cref="ArgumentException">The text is longer than <see cref="MaxLength"/> bytes or not ASCII.</exception>
    public static NftData Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength || !Ascii.IsValid(text) || text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A rule comment is 1 to {MaxLength} ASCII characters without NUL.", nameof(text));
        }

        var bytes = new byte[2 + text.Length + 1];
        bytes[0] = NfTables.NFTNL_UDATA_RULE_COMMENT;
        bytes[1] = (byte)(text.Length + 1);
        Encoding.ASCII.GetBytes(text, bytes.AsSpan(2));
        return new NftData(bytes);
    }

    /// <summary>The comment in rule user data, or null when it holds none.</summary>
    public static string? Decode(NftData userData)
    {
        var data = userData.Span;
        while (data.Length >= 2 && data.Length >= 2 + data[1])
        {
            var value = data.Slice(2, data[1]);
            if (data[0] == NfTables.NFTNL_UDATA_RULE_COMMENT && value.Length > 0 && value[^1] == 0)
            {
                return Encoding.ASCII.GetString(value[..^1]);
            }

            data = data[(2 + value.Length)..];
        }

        return null;
    }
}
