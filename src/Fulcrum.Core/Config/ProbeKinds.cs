namespace Fulcrum.Core.Config;

/// <summary>Config spellings of the probe kinds, for logs, metrics tags and tables.</summary>
public static class ProbeKinds
{
    /// <summary><c>tcp</c>, <c>http</c>, <c>https</c>, <c>tls</c>, <c>udp</c>, <c>dns</c> or <c>command</c>.</summary>
    public static string NameOf(CheckProbe probe) => probe switch
    {
        TcpProbe => "tcp",
        HttpProbe => "http",
        HttpsProbe => "https",
        TlsProbe => "tls",
        UdpProbe => "udp",
        DnsProbe => "dns",
        CommandProbe => "command",
        _ => throw new ArgumentException($"unknown probe type {probe?.GetType().Name}", nameof(probe)),
    };
}
