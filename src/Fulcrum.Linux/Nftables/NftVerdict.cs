namespace Fulcrum.Linux.Nftables;

/// <summary>A verdict, with the target chain for jump and goto.</summary>
/// <param name="Code">The verdict.</param>
/// <param name="Chain">The target chain of <see cref="NftVerdictCode.Jump"/> and <see cref="NftVerdictCode.Goto"/>.</param>
public sealed record NftVerdict(NftVerdictCode Code, string? Chain = null)
{
    /// <summary><c>accept</c>.</summary>
    public static NftVerdict Accept { get; } = new(NftVerdictCode.Accept);

    /// <summary><c>drop</c>.</summary>
    public static NftVerdict Drop { get; } = new(NftVerdictCode.Drop);

    /// <summary><c>return</c>.</summary>
    public static NftVerdict Return { get; } = new(NftVerdictCode.Return);

    /// <summary><c>continue</c>.</summary>
    public static NftVerdict Continue { get; } = new(NftVerdictCode.Continue);

    /// <summary><c>jump CHAIN</c>.</summary>
    public static NftVerdict Jump(string chain) => new(NftVerdictCode.Jump, chain);

    /// <summary><c>goto CHAIN</c>.</summary>
    public static NftVerdict Goto(string chain) => new(NftVerdictCode.Goto, chain);

    /// <inheritdoc />
    public override string ToString() => Chain is null
        ? Code.ToString().ToLowerInvariant()
        : $"{Code.ToString().ToLowerInvariant()} {Chain}";
}
