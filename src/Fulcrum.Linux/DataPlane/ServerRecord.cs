using System.Buffers.Binary;
using System.Net;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// One element of map <c>servers</c>: what a mark stands for. Every configured server of every
/// service has one, drained ones (weight 0, no slots) included, so the kernel alone tells a
/// restarted daemon which servers exist with which weights.
/// <code>
/// key  mark (u32, host order)
/// data service id (u32, host) . address (4, network) . port (2, network, 2 padding) . info (u32, host)
/// info bits 0-15 weight, bit 16 sorry server, bit 17 no port (the client's port is kept)
/// </code>
/// </summary>
internal readonly record struct ServerRecord(uint Mark, uint ServiceId, ServerEndpoint Endpoint, ushort Weight, bool IsSorry)
{
    private const uint SorryFlag = 1u << 16;
    private const uint NoPortFlag = 1u << 17;

    public NftSetElement ToElement() => new(NftLayout.Mark(Mark), Data());

    public NftSetElement ToKey() => new(NftLayout.Mark(Mark));

    public static ServerRecord Parse(NftSetElement element)
    {
        if (element.Key.Length != 4 || element.Data is not { Length: 16 } data)
        {
            throw new FormatException($"element {element.Key} of map servers is not mark : service . address . port . info.");
        }

        var bytes = data.Span;
        var info = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        ushort? port = (info & NoPortFlag) != 0 ? null : BinaryPrimitives.ReadUInt16BigEndian(bytes[8..]);
        return new ServerRecord(
            BinaryPrimitives.ReadUInt32LittleEndian(element.Key.Span),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            new ServerEndpoint(new IPAddress(bytes.Slice(4, 4)), port),
            (ushort)(info & 0xffff),
            (info & SorryFlag) != 0);
    }

    private NftData Data()
    {
        var info = Weight | (IsSorry ? SorryFlag : 0) | (Endpoint.Port is null ? NoPortFlag : 0);
        return NftData.Concat(
            NftData.FromUInt32HostOrder(ServiceId),
            NftLayout.Address(Endpoint.Address),
            NftData.FromUInt16BigEndian(Endpoint.Port ?? 0),
            NftData.FromUInt32HostOrder(info));
    }

    /// <summary>nft-like text: <c>0x00000005 : 0x00000001 . 192.168.20.11 . 80 . weight 3</c>.</summary>
    public override string ToString() =>
        $"{NftLayout.Hex(Mark)} : {NftLayout.Hex(ServiceId)} . {Endpoint.Address} . {Endpoint.Port ?? 0} . {(IsSorry ? "sorry" : "weight " + Weight)}";
}
