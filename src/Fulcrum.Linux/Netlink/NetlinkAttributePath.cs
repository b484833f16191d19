using System.Globalization;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Netlink;

/// <summary>
/// Resolves an extended-ack attribute offset (NLMSGERR_ATTR_OFFS, counted from the start of the
/// request's nlmsghdr) to the chain of attribute types that contains it, descending into nests
/// the writer marked with NLA_F_NESTED.
/// </summary>
internal static class NetlinkAttributePath
{
    public static string? Describe(ReadOnlySpan<byte> message, int attributesOffset, int offset)
    {
        if (attributesOffset > message.Length || offset < attributesOffset || offset >= message.Length)
        {
            return null;
        }

        var path = new List<string>();
        var runStart = attributesOffset;
        var reader = new NetlinkAttributeReader(message[runStart..]);
        while (reader.TryRead(out var attribute))
        {
            var start = runStart + reader.CurrentOffset;
            var end = start + nlattr.NLA_HDRLEN + attribute.Value.Length;
            if (offset < start || offset >= end)
            {
                continue;
            }

            path.Add(attribute.Type.ToString(CultureInfo.InvariantCulture));
            if (offset == start || !attribute.IsNested)
            {
                break;
            }

            runStart = start + nlattr.NLA_HDRLEN;
            reader = attribute.GetNested();
        }

        return path.Count == 0 ? null : string.Join('/', path);
    }
}
