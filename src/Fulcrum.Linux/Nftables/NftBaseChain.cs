namespace Fulcrum.Linux.Nftables;

/// <summary>What makes a chain a base chain: <c>{ type nat hook prerouting priority dstnat; policy accept; }</c>.</summary>
/// <param name="Type">filter, nat or route.</param>
/// <param name="Hook">The netfilter hook.</param>
/// <param name="Priority">Order among chains on the same hook; see <see cref="NftChainPriority"/>.</param>
/// <param name="Policy">The verdict when no rule decides: accept or drop.</param>
public sealed record NftBaseChain(NftChainType Type, NftHook Hook, int Priority, NftVerdictCode Policy = NftVerdictCode.Accept);
