using Fulcrum.Linux.Nftables;
using Fulcrum.Linux.Nftables.Expressions;

namespace Fulcrum.Linux.DataPlane;

/// <summary>One rule of a service chain: its expressions, its comment (user data) and an nft-like text for <c>fulcrum plan</c>.</summary>
internal sealed record NftServiceRule(IReadOnlyList<NftExpression> Expressions, NftData? UserData, string Text)
{
    public bool SameAs(NftServiceRule other) =>
        Expressions.SequenceEqual(other.Expressions) && Nullable.Equals(UserData, other.UserData);
}
