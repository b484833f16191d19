using Fulcrum.Linux.Netlink;

namespace Fulcrum.Linux.Nftables;

/// <summary>Turns one dump reply into records (a message may hold several, e.g. set elements).</summary>
internal delegate void NftDumpParser<T>(in NetlinkMessage message, List<T> into);
