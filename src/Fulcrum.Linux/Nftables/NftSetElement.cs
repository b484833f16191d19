namespace Fulcrum.Linux.Nftables;

/// <summary>
/// One set or map element: <c>KEY</c>, <c>KEY : DATA</c> or <c>KEY : VERDICT</c>, as in
/// <c>nft add element ip T m { 10.0.0.1 . 80 : 192.168.20.11 . 8080 }</c>.
/// </summary>
/// <param name="Key">The key (for interval sets, the range start).</param>
/// <param name="Data">The mapped value of a map, if any.</param>
/// <param name="Verdict">The mapped verdict of a verdict map, if any.</param>
public sealed record NftSetElement(NftData Key, NftData? Data = null, NftVerdict? Verdict = null)
{
    /// <summary>The range end of an element of a concatenated interval set (NFTA_SET_ELEM_KEY_END).</summary>
    public NftData? KeyEnd { get; init; }

    /// <summary>NFT_SET_ELEM_INTERVAL_END: this element closes the interval opened by the previous key.</summary>
    public bool IsIntervalEnd { get; init; }

    /// <summary>Per-element timeout (<c>timeout 30s</c>).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The element's counter (sets declared with <see cref="NftSet.CountElements"/>), when read back.</summary>
    public Expressions.CounterExpression? Counter { get; init; }

    /// <summary>Time left before the element expires, when read back from the kernel.</summary>
    public TimeSpan? Expiration { get; init; }
}
