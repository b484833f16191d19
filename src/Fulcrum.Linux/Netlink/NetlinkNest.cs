namespace Fulcrum.Linux.Netlink;

/// <summary>An open nested attribute; <see cref="NetlinkMessageWriter.EndNested"/> patches its length.</summary>
/// <param name="Offset">Where the nest's nlattr header starts in the writer's buffer.</param>
public readonly record struct NetlinkNest(int Offset);
