using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Netlink;

/// <summary>Walks a run of attributes (nla_ok / nla_next), rejecting lengths that overrun the run.</summary>
public ref struct NetlinkAttributeReader
{
    private readonly ReadOnlySpan<byte> _attributes;
    private int _offset;

    /// <summary>Creates a reader over a run of attributes.</summary>
    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes)
    {
        _attributes = attributes;
        _offset = 0;
    }

    /// <summary>Offset, within the run, of the attribute the last <see cref="TryRead"/> returned.</summary>
    public int CurrentOffset { get; private set; }

    /// <summary>Reads the next attribute; false at the end of the run.</summary>
    /// <exception cref="NetlinkProtocolException">An attribute header is truncated or its length overruns the run.</exception>
    public bool TryRead(out NetlinkAttributeView attribute)
    {
        var remaining = _attributes.Length - _offset;
        if (remaining < nlattr.NLA_HDRLEN)
        {
            attribute = default;
            return false;
        }

        var header = nlattr.Read(_attributes[_offset..]);
        if (header.nla_len < nlattr.NLA_HDRLEN || header.nla_len > remaining)
        {
            throw new NetlinkProtocolException($"Invalid nla_len {header.nla_len} at offset {_offset} ({remaining} byte(s) left).");
        }

        attribute = new NetlinkAttributeView(
            (ushort)(header.nla_type & nlattr.NLA_TYPE_MASK),
            (header.nla_type & nlattr.NLA_F_NESTED) != 0,
            _attributes.Slice(_offset + nlattr.NLA_HDRLEN, header.nla_len - nlattr.NLA_HDRLEN));
        CurrentOffset = _offset;
        _offset += Math.Min(remaining, nlattr.NLA_ALIGN(header.nla_len));
        return true;
    }
}
