namespace Fulcrum.Core.Vrrp;

/// <summary>The VRRPv2 "Auth Type" field (RFC 3768 §5.3.6, values from RFC 2338 §5.3.6).</summary>
public enum VrrpAuthType : byte
{
    /// <summary>No authentication; the authentication data is zero.</summary>
    None = 0,

    /// <summary>Simple text password (RFC 2338 §5.3.6.1); RFC 3768 reserves it, keepalived still speaks it (<c>auth_type PASS</c>).</summary>
    SimplePassword = 1,

    /// <summary>IP Authentication Header (RFC 2338 §5.3.6.2); carried in IP protocol 51, not supported here.</summary>
    IpAuthenticationHeader = 2,
}
