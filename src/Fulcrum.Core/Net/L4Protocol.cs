namespace Fulcrum.Core.Net;

/// <summary>The transport protocols a virtual service can balance.</summary>
public enum L4Protocol
{
    /// <summary>TCP (IP protocol 6).</summary>
    Tcp,

    /// <summary>UDP (IP protocol 17).</summary>
    Udp,
}
