using System.Security.Cryptography;
using System.Text;

namespace Fulcrum.Core.Vrrp;

/// <summary>
/// Auth Type 1, a clear-text password of up to 8 bytes, zero padded (RFC 2338 §5.3.6.1).
/// It protects against misconfiguration, not attackers; keepalived calls it <c>auth_type PASS</c>.
/// </summary>
public sealed class VrrpSimplePasswordAuthentication : IVrrpAuthentication
{
    private readonly byte[] _paddedPassword = new byte[VrrpConstants.V2AuthenticationDataLength];

    /// <summary>Creates the method for <paramref name="password"/> (1–8 bytes of UTF-8).</summary>
    public VrrpSimplePasswordAuthentication(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (Encoding.UTF8.GetByteCount(password) > VrrpConstants.V2AuthenticationDataLength)
        {
            throw new ArgumentException(
                $"A VRRP password is at most {VrrpConstants.V2AuthenticationDataLength} bytes (RFC 2338 §5.3.6.1).",
                nameof(password));
        }

        Encoding.UTF8.GetBytes(password, _paddedPassword);
    }

    /// <inheritdoc />
    public VrrpAuthType Type => VrrpAuthType.SimplePassword;

    /// <inheritdoc />
    public void WriteAuthenticationData(Span<byte> authenticationData) => _paddedPassword.CopyTo(authenticationData);

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> authenticationData) =>
        CryptographicOperations.FixedTimeEquals(authenticationData, _paddedPassword);
}
