using System.Net;
using Fulcrum.Linux.Nftables;

namespace Fulcrum.Linux.DataPlane;

/// <summary>The data of one slot of map <c>backends</c>: where flows hashed or counted into the slot go.</summary>
/// <param name="Mark">The server's mark (ct mark, counter key).</param>
/// <param name="Address">The server's address.</param>
/// <param name="Port">The server's port; 0 keeps the client's destination port (port-range services).</param>
internal readonly record struct SlotTarget(uint Mark, IPAddress Address, ushort Port)
{
    public NftData ToData() => NftLayout.Target(Address, Port, Mark);

    /// <summary>nft-like text: <c>192.168.20.11 . 80 . 0x00000005</c>.</summary>
    public override string ToString() => $"{Address} . {Port} . {NftLayout.Hex(Mark)}";
}
