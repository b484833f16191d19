using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads one probe (<c>tcp:</c>, <c>http:</c>, ...). An empty probe takes every default.</summary>
internal sealed class ProbeReader(ValueReader values)
{
    public const string DefaultPath = "/";
    public const ushort DefaultDnsPort = 53;
    public static readonly StatusCodeRange DefaultStatus = new(200, 200);

    public static readonly IReadOnlyDictionary<string, DnsRecordType> DnsTypes =
        Enum.GetValues<DnsRecordType>().ToDictionary(t => t.ToString(), t => t);

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;

    public CheckProbe? Read(string kind, YamlValue value, string checkWhere)
    {
        // "tcp:" with nothing after it means "a tcp probe with defaults".
        YamlValue body = value is YamlScalar { IsNull: true } ? new YamlMapping(value.Start, []) : value;
        string where = $"{kind} probe of the {checkWhere}";
        MappingReader? probe = MappingReader.Open(body, where, KnownKeys(kind), _diagnostics);
        if (probe is null)
        {
            return null;
        }

        bool ok = TryOptionalPort(probe, out ushort? port);
        return kind switch
        {
            "tcp" => ok ? new TcpProbe(port) : null,
            "http" => ReadHttp(probe, port, ok),
            "https" => ReadHttps(probe, port, ok),
            "tls" => ReadTls(probe, port, ok),
            "udp" => ReadUdp(probe, port, ok),
            "dns" => ReadDns(probe, port, ok),
            _ => ReadCommand(probe),
        };
    }

    private static ImmutableArray<string> KnownKeys(string kind) => kind switch
    {
        "tcp" => ConfigKeys.TcpProbe,
        "http" => ConfigKeys.HttpProbe,
        "https" => ConfigKeys.HttpsProbe,
        "tls" => ConfigKeys.TlsProbe,
        "udp" => ConfigKeys.UdpProbe,
        "dns" => ConfigKeys.DnsProbe,
        _ => ConfigKeys.CommandProbe,
    };

    private HttpProbe? ReadHttp(MappingReader probe, ushort? port, bool ok) =>
        TryReadHttpFields(probe, out HttpFields fields) && ok
            ? new HttpProbe(fields.Path, fields.Status, fields.Host, fields.BodyContains, fields.BodyRegex, fields.Digest, port)
            : null;

    private HttpsProbe? ReadHttps(MappingReader probe, ushort? port, bool ok)
    {
        ok &= TryReadHttpFields(probe, out HttpFields fields);
        ok &= TryOptionalText(probe, "sni", out string? sni);
        ok &= TryOptionalBool(probe, "verify", out bool verify);
        return ok ? new HttpsProbe(fields.Path, fields.Status, fields.Host, fields.BodyContains, fields.BodyRegex, fields.Digest, port, sni, verify) : null;
    }

    private TlsProbe? ReadTls(MappingReader probe, ushort? port, bool ok)
    {
        ok &= TryOptionalText(probe, "sni", out string? sni);
        ok &= TryOptionalBool(probe, "verify", out bool verify);
        return ok ? new TlsProbe(port, sni, verify) : null;
    }

    private UdpProbe? ReadUdp(MappingReader probe, ushort? port, bool ok)
    {
        ok &= values.TryNonEmptyText(probe.Required("send"), "send", out string send);
        ok &= TryOptionalText(probe, "expect", out string? expect);
        return ok ? new UdpProbe(port, send, expect) : null;
    }

    private DnsProbe? ReadDns(MappingReader probe, ushort? port, bool ok)
    {
        YamlValue? queryValue = probe.Required("query");
        bool hasQuery = values.TryNonEmptyText(queryValue, "query", out string query);
        if (hasQuery && !Names.IsValidDnsName(query))
        {
            _diagnostics.Error(queryValue!.Start, $"query '{query}' is not a valid DNS name");
            hasQuery = false;
        }

        DnsRecordType type = DnsRecordType.A;
        ok &= hasQuery && (!probe.Has("type") || values.TryEnum(probe.Optional("type"), "DNS record type", DnsTypes, out type));
        return ok ? new DnsProbe(port ?? DefaultDnsPort, query, type) : null;
    }

    private CommandProbe? ReadCommand(MappingReader probe)
    {
        YamlValue? runValue = probe.Required("run");
        bool ok = values.TryNonEmptyText(runValue, "run", out string run);
        if (ok && !run.StartsWith('/'))
        {
            _diagnostics.Error(runValue!.Start, "run should start with the program's absolute path, like /usr/local/bin/check-app --quick");
            ok = false;
        }

        ok &= TryOptionalBool(probe, "dynamic_weight", out bool dynamicWeight);
        return ok ? new CommandProbe(run, dynamicWeight) : null;
    }

    private bool TryReadHttpFields(MappingReader probe, out HttpFields fields)
    {
        bool ok = true;
        string path = DefaultPath;
        if (probe.Has("path"))
        {
            YamlValue value = probe.Optional("path")!;
            ok &= values.TryNonEmptyText(value, "path", out path);
            if (ok && (!path.StartsWith('/') || path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                _diagnostics.Error(value.Start, $"path '{path}' should start with '/' and contain no spaces (encode them as %20)");
                ok = false;
            }
        }

        EquatableArray<StatusCodeRange> status = [DefaultStatus];
        if (probe.Has("status"))
        {
            ok &= values.TryParseList<StatusCodeRange>(probe.Optional("status"), "status", StatusText.TryParse, out var codes, allowSingle: true);
            status = codes.Select(c => c.Value).ToEquatableArray();
            if (ok && status.IsEmpty)
            {
                _diagnostics.Error(probe.Optional("status")!.Start, "status needs at least one code, like [200] or 200-299");
                ok = false;
            }
        }

        ok &= TryOptionalText(probe, "host", out string? host);
        ok &= TryOptionalText(probe, "body_contains", out string? bodyContains);
        ok &= TryOptionalText(probe, "body_regex", out string? bodyRegex) && CheckRegex(probe, bodyRegex);
        ok &= TryOptionalText(probe, "digest", out string? digest) && CheckDigest(probe, ref digest);
        fields = new HttpFields(path, status, host, bodyContains, bodyRegex, digest);
        return ok;
    }

    private bool CheckRegex(MappingReader probe, string? pattern)
    {
        if (pattern is null)
        {
            return true;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException exception)
        {
            _diagnostics.Error(probe.Optional("body_regex")!.Start, $"body_regex is not a valid regular expression: {exception.Message}");
            return false;
        }
    }

    private bool CheckDigest(MappingReader probe, ref string? digest)
    {
        if (digest is null)
        {
            return true;
        }

        if (digest.Length != 32 || !digest.All(char.IsAsciiHexDigit))
        {
            _diagnostics.Error(probe.Optional("digest")!.Start, "digest should be an MD5 sum: 32 hex digits, as md5sum prints it");
            return false;
        }

        digest = digest.ToLowerInvariant();
        return true;
    }

    private bool TryOptionalPort(MappingReader probe, out ushort? port)
    {
        port = null;
        if (!probe.Has("port"))
        {
            return true;
        }

        if (!values.TryParse(probe.Optional("port"), "port", PortText.TryParsePort, out ushort value))
        {
            return false;
        }

        port = value;
        return true;
    }

    private bool TryOptionalText(MappingReader probe, string key, out string? text)
    {
        text = null;
        if (!probe.Has(key))
        {
            return true;
        }

        bool ok = values.TryNonEmptyText(probe.Optional(key), key, out string value);
        text = ok ? value : null;
        return ok;
    }

    private bool TryOptionalBool(MappingReader probe, string key, out bool value)
    {
        value = false;
        return !probe.Has(key) || values.TryBool(probe.Optional(key), key, out value);
    }

    private readonly record struct HttpFields(
        string Path,
        EquatableArray<StatusCodeRange> Status,
        string? Host,
        string? BodyContains,
        string? BodyRegex,
        string? Digest);
}
