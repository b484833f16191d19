namespace Fulcrum.Core.Vrrp;

/// <summary>The VRRP protocol version carried in the high nibble of the first VRRP byte.</summary>
public enum VrrpVersion : byte
{
    /// <summary>VRRPv2, RFC 3768: IPv4 only, whole-second intervals, checksum without pseudo-header.</summary>
    V2 = 2,

    /// <summary>VRRPv3, RFC 5798 / RFC 9568: centisecond intervals, checksum with the IP pseudo-header.</summary>
    V3 = 3,
}
