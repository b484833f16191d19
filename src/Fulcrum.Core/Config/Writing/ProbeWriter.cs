using System.Globalization;
using Fulcrum.Core.Config.Reading;

namespace Fulcrum.Core.Config.Writing;

/// <summary>Writes a probe as one flow mapping line, e.g. <c>http: { path: /health, status: [200-299] }</c>.</summary>
internal static class ProbeWriter
{
    public static string Write(CheckProbe probe)
    {
        var fields = new List<string>();
        string kind = ProbeKinds.NameOf(probe);

        if (probe is HttpProbeBase http)
        {
            AddHttpFields(fields, http);
        }

        switch (probe)
        {
            case DnsProbe dns:
                Add(fields, "port", dns.Port == ProbeReader.DefaultDnsPort ? null : Port(dns.Port));
                Add(fields, "query", dns.Query);
                Add(fields, "type", dns.Type == DnsRecordType.A ? null : dns.Type.ToString());
                break;
            case CommandProbe command:
                Add(fields, "run", command.Run);
                Add(fields, "dynamic_weight", command.DynamicWeight ? "true" : null);
                break;
            default:
                Add(fields, "port", Port(probe.Port));
                break;
        }

        switch (probe)
        {
            case HttpsProbe https:
                Add(fields, "sni", https.Sni);
                Add(fields, "verify", https.Verify ? "true" : null);
                break;
            case TlsProbe tls:
                Add(fields, "sni", tls.Sni);
                Add(fields, "verify", tls.Verify ? "true" : null);
                break;
            case UdpProbe udp:
                Add(fields, "send", udp.Send);
                Add(fields, "expect", udp.Expect);
                break;
        }

        return fields.Count == 0 ? $"{kind}: {{}}" : $"{kind}: {{ {string.Join(", ", fields)} }}";
    }

    private static void AddHttpFields(List<string> fields, HttpProbeBase http)
    {
        Add(fields, "path", http.Path == ProbeReader.DefaultPath ? null : http.Path);
        if (http.Status is not [var only] || only != ProbeReader.DefaultStatus)
        {
            fields.Add($"status: [{string.Join(", ", http.Status)}]");
        }

        Add(fields, "host", http.Host);
        Add(fields, "body_contains", http.BodyContains);
        Add(fields, "body_regex", http.BodyRegex);
        Add(fields, "digest", http.Digest);
    }

    private static string? Port(ushort? port) => port?.ToString(CultureInfo.InvariantCulture);

    private static void Add(List<string> fields, string key, string? value)
    {
        if (value is not null)
        {
            fields.Add($"{key}: {YamlScalarText.Format(value)}");
        }
    }
}
