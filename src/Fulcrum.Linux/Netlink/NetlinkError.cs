using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Fulcrum.Linux.Interop;

namespace Fulcrum.Linux.Netlink;

/// <summary>One error the kernel reported, attributed to the request message that caused it.</summary>
/// <param name="Errno">The positive errno (the kernel sends it negated).</param>
/// <param name="Sequence">nlmsg_seq of the failed request message.</param>
/// <param name="Request">What the failed message was (e.g. "NFT_MSG_NEWRULE #3"), when known.</param>
/// <param name="ExtendedAckMessage">NLMSGERR_ATTR_MSG, the kernel's own explanation, when it gave one.</param>
/// <param name="AttributeOffset">NLMSGERR_ATTR_OFFS: offset of the offending attribute in the request message.</param>
/// <param name="AttributePath">The attribute types from the outermost to the offending one (e.g. "4/1/2"), when resolved.</param>
public sealed record NetlinkError(
    int Errno,
    uint Sequence,
    string? Request,
    string? ExtendedAckMessage,
    int? AttributeOffset,
    string? AttributePath)
{
    /// <summary>The errno's symbolic name, e.g. "ENOENT".</summary>
    public string ErrnoName => ErrnoNames.Of(Errno);

    /// <summary>strerror(errno), e.g. "No such file or directory".</summary>
    public string Description => Marshal.GetPInvokeErrorMessage(Errno);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{ErrnoName} ({Description})");
        if (!string.IsNullOrEmpty(ExtendedAckMessage))
        {
            text.Append(CultureInfo.InvariantCulture, $": {ExtendedAckMessage}");
        }

        text.Append(CultureInfo.InvariantCulture, $" [seq {Sequence}");
        if (Request is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", {Request}");
        }

        if (AttributeOffset is { } offset)
        {
            text.Append(CultureInfo.InvariantCulture, $", attribute at offset {offset}");
            if (AttributePath is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" (type path {AttributePath})");
            }
        }

        text.Append(']');
        return text.ToString();
    }
}
