using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>log prefix "..."</c>: a kernel log line (the kernel's default level, warning).</summary>
public sealed record LogExpression(string Prefix) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "log";

    internal override void WriteData(NetlinkMessageWriter writer) => writer.WriteString(NfTables.NFTA_LOG_PREFIX, Prefix);

    internal static LogExpression Parse(NetlinkAttributeReader data)
    {
        var expression = new LogExpression(string.Empty);
        while (data.TryRead(out var attribute))
        {
            if (attribute.Type == NfTables.NFTA_LOG_PREFIX)
            {
                expression = new LogExpression(attribute.GetString());
            }
        }

        return expression;
    }
}
