using System.Buffers.Binary;
using System.Net;
using Fulcrum.Core.Net;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// One element of map <c>servers</c>: what a mark stands for. The packet path looks the chosen
/// mark up here for the DNAT address and port; and since every configured server of every service
/// has one, drained ones (weight 0, no slots) included, the kernel alone tells a restarted daemon
/// which servers exist with which weights.
/// <code>
/// key  mark (u32, host order)
/// data address (4, network) . port (2, network, 2 padding) . service id (u32, host) . info (u32, host)
/// info bits 0-15 weight, bit 16 sorry server, bit 17 no port configured
/// </code>
/// The port is the one DNAT writes: the server's own, else the service's port for a single-port
/// service, else 0 (a port-range service's rule then rewrites the address only).
/// </summary>
internal readonly record struct ServerRecord(uint Mark, uint ServiceId, ServerEndpoint Endpoint, ushort Weight, bool IsSorry, ushort TargetPort)
{
    private const uint SorryFlag = 1u << 16;
    private const uint NoPortFlag = 1u << 17;

    public NftSetElement ToElement() => new(NftLayout.Mark(Mark), Data());

    public NftSetElement ToKey() => new(NftLayout.Mark(Mark));

    /// <summary>The element of map <c>targets</c>: <c>mark : address . port</c>, what DNAT reads on the packet path.</summary>
    public NftSetElement ToTarget() =>
        new(NftLayout.Mark(Mark), NftData.Concat(NftLayout.Address(Endpoint.Address), NftData.FromUInt16BigEndian(TargetPort)));

    public static ServerRecord Parse(NftSetElement element)
    {
        if (element.Key.Length != 4 || element.Data is not { Length: 16 } data)
        {
            throw new FormatException($"element {element.Key} of map servers is not mark : service . address . port . info.");
        }

        var bytes = data.Span;
        var info = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        var targetPort = BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]);
        return new ServerRecord(
            BinaryPrimitives.ReadUInt32LittleEndian(element.Key.Span),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
            new ServerEndpoint(new IPAddress(bytes[..4]), (info & NoPortFlag) != 0 ? null : targetPort),
            (ushort)(info & 0xffff),
            (info & SorryFlag) != 0,
            targetPort);
    }

    private NftData Data()
    {
        var info = Weight | (IsSorry ? SorryFlag : 0) | (Endpoint.Port is null ? NoPortFlag : 0);
        return NftData.Concat(
            NftLayout.Address(Endpoint.Address),
            NftData.FromUInt16BigEndian(TargetPort),
            NftData.FromUInt32HostOrder(ServiceId),
            NftData.FromUInt32HostOrder(info));
    }

    /// <summary>nft-like text: <c>0x00000005 : 192.168.20.11 . 80 . 0x00000001 . weight 3</c>.</summary>
    public override string ToString() =>
        $"{NftLayout.Hex(Mark)} : {Endpoint.Address} . {TargetPort} . {NftLayout.Hex(ServiceId)} . {(IsSorry ? "sorry" : "weight " + Weight)}";
}
