using Fulcrum.Linux.Interop;
using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Expressions;

/// <summary><c>immediate</c> loading a constant into a data register, e.g. the address of <c>dnat to 10.0.0.1</c>.</summary>
public sealed record ImmediateExpression(NftRegister Destination, NftData Data) : NftExpression
{
    /// <inheritdoc />
    public override string Name => "immediate";

    internal override void WriteData(NetlinkMessageWriter writer)
    {
        NftWire.WriteRegister(writer, NfTables.NFTA_IMMEDIATE_DREG, Destination);
        NftWire.WriteData(writer, NfTables.NFTA_IMMEDIATE_DATA, Data);
    }

    /// <summary>Parses either form of <c>immediate</c>: a verdict or a value.</summary>
    internal static NftExpression Parse(NetlinkAttributeReader data)
    {
        var destination = NftRegister.Verdict;
        NftData? value = null;
        NftVerdict? verdict = null;
        while (data.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case NfTables.NFTA_IMMEDIATE_DREG:
                    destination = NftWire.ReadRegister(attribute);
                    break;
                case NfTables.NFTA_IMMEDIATE_DATA:
                    value = NftWire.ReadData(attribute);
                    verdict = NftWire.ReadVerdict(attribute);
                    break;
                default:
                    break;
            }
        }

        return verdict is not null
            ? new VerdictExpression(verdict)
            : new ImmediateExpression(destination, value ?? default);
    }
}
