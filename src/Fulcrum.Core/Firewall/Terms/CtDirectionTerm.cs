namespace Fulcrum.Core.Firewall.Terms;

/// <summary><c>ct direction original</c> (or <c>reply</c>): which way the packet goes in its flow.</summary>
public sealed record CtDirectionTerm(bool Original) : FirewallTerm
{
    /// <summary>IP_CT_DIR_ORIGINAL (include/uapi/linux/netfilter/nf_conntrack_tuple_common.h).</summary>
    public const byte OriginalDirection = 0;

    /// <summary>IP_CT_DIR_REPLY.</summary>
    public const byte ReplyDirection = 1;

    /// <summary><c>ct direction original</c>: from the side that opened the flow.</summary>
    public static CtDirectionTerm FromOpener { get; } = new(true);

    /// <inheritdoc />
    public override string ToString() => Original ? "ct direction original" : "ct direction reply";
}
