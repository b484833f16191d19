namespace Fulcrum.Core.Firewall.Terms;

/// <summary>
/// <c>ct label 127</c> / <c>ct label ! 127</c> (nft's "bit clear"; <c>!=</c> would compare the whole label): whether bit <paramref name="Bit"/> of the flow's
/// 128-bit conntrack label is set. A flow created before any rule in the namespace set a label has no
/// label storage and reads as all zeros (nf_conntrack_labels.c); see <see cref="CtLabelSetTerm"/>.
/// </summary>
public sealed record CtLabelTerm(int Bit, bool Negated = false) : FirewallTerm
{
    /// <summary>Bits in a conntrack label (NF_CT_LABELS_MAX_SIZE = 16 bytes).</summary>
    public const int Bits = 128;

    /// <summary>The bit of flows the SSH brute-force meter has counted (the highest, least likely to meet an operator's own labels).</summary>
    public const int SshHandshakeCounted = Bits - 1;

    /// <summary>The 16 label bytes with only <see cref="Bit"/> set (the kernel's bitmap: bit n is bit n % 8 of byte n / 8).</summary>
    public byte[] Mask()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Bit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Bit, Bits);
        var mask = new byte[Bits / 8];
        mask[Bit / 8] = (byte)(1 << (Bit % 8));
        return mask;
    }

    /// <inheritdoc />
    public override string ToString() => $"ct label {(Negated ? "! " : string.Empty)}{Bit}";
}
