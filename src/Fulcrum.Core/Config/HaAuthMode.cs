namespace Fulcrum.Core.Config;

/// <summary>How VRRP adverts are authenticated.</summary>
public enum HaAuthMode
{
    /// <summary>Not at all (RFC 5798 §9: rely on TTL 255 and the link).</summary>
    None,

    /// <summary>VRRPv2 simple password (keepalived <c>auth_type PASS</c>): guards against misconfiguration, not attackers.</summary>
    Password,

    /// <summary>Fulcrum's HMAC-SHA256 trailer with a replay counter (VRRPv3, both nodes Fulcrum).</summary>
    Hmac,
}
