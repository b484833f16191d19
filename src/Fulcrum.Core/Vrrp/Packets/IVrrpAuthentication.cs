namespace Fulcrum.Core.Vrrp;

/// <summary>
/// A VRRPv2 authentication method: what goes in the Auth Type field and the 8 bytes of
/// Authentication Data, and how received data is verified. VRRPv3 has no authentication
/// (RFC 5798 §9), so v3 ignores this.
/// </summary>
public interface IVrrpAuthentication
{
    /// <summary>The Auth Type this method sends and requires. RFC 3768 §5.3.6.</summary>
    VrrpAuthType Type { get; }

    /// <summary>Writes the authentication data into the 8-byte field. RFC 3768 §5.3.10.</summary>
    void WriteAuthenticationData(Span<byte> authenticationData);

    /// <summary>True when the received 8-byte authentication data is acceptable.</summary>
    bool Verify(ReadOnlySpan<byte> authenticationData);
}
