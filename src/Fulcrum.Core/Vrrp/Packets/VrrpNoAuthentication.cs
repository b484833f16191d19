namespace Fulcrum.Core.Vrrp;

/// <summary>Auth Type 0: data sent as zero and ignored on reception. RFC 3768 §5.3.10.</summary>
public sealed class VrrpNoAuthentication : IVrrpAuthentication
{
    private VrrpNoAuthentication()
    {
    }

    /// <summary>The single instance.</summary>
    public static VrrpNoAuthentication Instance { get; } = new();

    /// <inheritdoc />
    public VrrpAuthType Type => VrrpAuthType.None;

    /// <inheritdoc />
    public void WriteAuthenticationData(Span<byte> authenticationData) => authenticationData.Clear();

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> authenticationData) => true;
}
