using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables.Commands;

/// <summary>
/// One change in an <see cref="NftBatch"/>. A command writes one nf_tables message (element
/// commands write several when their elements exceed one attribute's 64 KiB).
/// </summary>
public abstract record NftCommand(NftFamily Family)
{
    /// <summary>Writes the command's message(s); every message gets <paramref name="baseFlags"/> (REQUEST, ACK).</summary>
    internal abstract void Write(NetlinkMessageWriter writer, NetlinkMessageFlags baseFlags);
}
