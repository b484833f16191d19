using System.Net.Sockets;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Text;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Reads <c>services:</c>: names, listen endpoints and the per-service settings.</summary>
internal sealed class ServiceSectionReader(ValueReader values, NetworkSet networks, NodeSet nodes)
{
    public const Scheduler DefaultScheduler = Scheduler.WeightedRoundRobin;
    public const int DefaultQuorum = 1;
    public const int MaxClientLimit = 1_000_000;
    public static readonly TimeSpan DefaultPersistenceTimeout = TimeSpan.FromMinutes(5);

    public static readonly IReadOnlyDictionary<string, Scheduler> Schedulers = new Dictionary<string, Scheduler>
    {
        ["rr"] = Scheduler.RoundRobin,
        ["wrr"] = Scheduler.WeightedRoundRobin,
        ["sh"] = Scheduler.SourceHash,
        ["maglev"] = Scheduler.Maglev,
        ["random"] = Scheduler.Random,
    };

    private readonly DiagnosticBag _diagnostics = values.Diagnostics;
    private readonly Dictionary<string, int> _namesSeen = new(StringComparer.Ordinal);
    private readonly List<(ListenEndpoint Listen, string Service)> _listens = [];

    /// <summary>The services, or null when any had an error.</summary>
    public EquatableArray<VirtualServiceConfig>? Read(YamlValue? section)
    {
        if (section is null or YamlScalar { IsNull: true })
        {
            return default(EquatableArray<VirtualServiceConfig>);
        }

        if (!values.TryList(section, "services", out IReadOnlyList<YamlValue> items))
        {
            return null;
        }

        var services = new List<VirtualServiceConfig>();
        bool ok = true;
        for (int i = 0; i < items.Count; i++)
        {
            VirtualServiceConfig? service = ReadService(items[i], i + 1);
            ok &= service is not null;
            if (service is not null)
            {
                services.Add(service);
            }
        }

        return ok ? services.ToEquatableArray() : null;
    }

    private VirtualServiceConfig? ReadService(YamlValue item, int number)
    {
        string provisionalName = item is YamlMapping m && m.Entries.FirstOrDefault(e => e.Key.Text == "name")?.Value is YamlScalar { IsNull: false } n
            ? $"service '{n.Text}'"
            : $"service {number}";
        MappingReader? service = MappingReader.Open(item, provisionalName, ConfigKeys.Service, _diagnostics);
        if (service is null)
        {
            return null;
        }

        bool ok = TryReadName(service, out string name);
        bool hasListen = TryReadListen(service, name, out ListenEndpoint listen);
        ok &= hasListen;

        Scheduler scheduler = DefaultScheduler;
        if (service.Has("scheduler"))
        {
            ok &= values.TryEnum(service.Optional("scheduler"), "scheduler", Schedulers, out scheduler);
        }

        bool isIpv6 = hasListen && listen.Address.AddressFamily == AddressFamily.InterNetworkV6;
        PersistenceConfig? persistence = null;
        if (service.Has("persistence"))
        {
            persistence = ReadPersistence(service, isIpv6);
            ok &= persistence is not null;
        }

        var servers = new RealServerReader(values, networks, nodes);
        EquatableArray<RealServerConfig>? realServers = servers.ReadServers(service, hasListen ? listen : null);
        ok &= realServers is not null;

        int quorum = DefaultQuorum;
        if (service.Has("quorum"))
        {
            bool hasQuorum = values.TryInt(service.Optional("quorum"), "quorum", 1, ushort.MaxValue, out quorum);
            if (hasQuorum && realServers is { } list && quorum > list.Count)
            {
                _diagnostics.Error(service.Optional("quorum")!.Start, $"quorum {quorum} is more than the {list.Count} servers of {service.Where}");
                hasQuorum = false;
            }

            ok &= hasQuorum;
        }

        ServerEndpoint? sorry = null;
        if (service.Has("sorry"))
        {
            sorry = servers.ReadSorry(service.Optional("sorry"), hasListen ? listen : null);
            ok &= sorry is not null;
        }

        HealthCheckConfig? check = null;
        if (service.Has("check"))
        {
            check = new HealthCheckReader(values).Read(service.Optional("check"), service.Where, hasListen ? listen : null);
            ok &= check is not null;
        }

        bool synProxy = false;
        if (service.Has("syn_proxy"))
        {
            bool hasSynProxy = values.TryBool(service.Optional("syn_proxy"), "syn_proxy", out synProxy);
            if (hasSynProxy && synProxy && hasListen && listen.Protocol != L4Protocol.Tcp)
            {
                _diagnostics.Error(service.Optional("syn_proxy")!.Start, $"syn_proxy is for TCP services; {service.Where} listens on {listen}");
                hasSynProxy = false;
            }

            ok &= hasSynProxy;
        }

        int? clientLimit = null;
        if (service.Has("client_limit"))
        {
            bool hasLimit = values.TryInt(service.Optional("client_limit"), "client_limit", 1, MaxClientLimit, out int limit);
            if (hasLimit && synProxy)
            {
                _diagnostics.Error(service.Optional("client_limit")!.Start,
                    $"client_limit cannot be combined with syn_proxy on {service.Where}: behind the SYN proxy the balancer itself opens the connection to the server, where the per-client count does not apply; choose one");
                hasLimit = false;
            }

            ok &= hasLimit;
            clientLimit = hasLimit ? limit : null;
        }

        return ok && realServers is { } valid
            ? new VirtualServiceConfig(name, listen, scheduler, persistence, quorum, sorry, check, valid) { SynProxy = synProxy, ClientLimit = clientLimit }
            : null;
    }

    private bool TryReadName(MappingReader service, out string name)
    {
        YamlValue? value = service.Required("name");
        if (!values.TryText(value, "name", out name))
        {
            return false;
        }

        if (!Names.IsValidName(name))
        {
            _diagnostics.Error(value!.Start, $"service name '{name}' is not valid: use {Names.NameRule}");
            return false;
        }

        if (!_namesSeen.TryAdd(name, value!.Start.Line))
        {
            _diagnostics.Error(value.Start, $"service name '{name}' is already used on line {_namesSeen[name]}; service names must be unique");
            return false;
        }

        return true;
    }

    private bool TryReadListen(MappingReader service, string name, out ListenEndpoint listen)
    {
        YamlValue? value = service.Required("listen");
        if (!values.TryParse(value, "listen", EndpointText.TryParseListen, out listen))
        {
            return false;
        }

        bool ok = true;
        if (Ipv6Support.CheckAddress(listen.Address, networks.Public, value!.Start, _diagnostics))
        {
            ok = networks.Public is not null;
        }
        else if (networks.Public is { } publicNetwork && !publicNetwork.Vips.Contains(listen.Address))
        {
            string vips = string.Join(", ", publicNetwork.Vips);
            _diagnostics.Error(value!.Start, $"{listen.Address} is not a VIP of the public network '{publicNetwork.Name}' (its VIPs: {vips})");
            ok = false;
        }

        foreach ((ListenEndpoint other, string otherService) in _listens)
        {
            if (listen.Overlaps(other))
            {
                _diagnostics.Error(value!.Start, $"listen {listen} overlaps service '{otherService}' ({other})");
                ok = false;
            }
        }

        _listens.Add((listen, name.Length > 0 ? name : service.Where));
        return ok;
    }

    private PersistenceConfig? ReadPersistence(MappingReader service, bool isIpv6)
    {
        MappingReader? persistence = MappingReader.Open(service.Optional("persistence"), $"persistence of {service.Where}", ConfigKeys.Persistence, _diagnostics);
        if (persistence is null)
        {
            return null;
        }

        bool ok = true;
        TimeSpan timeout = DefaultPersistenceTimeout;
        if (persistence.Has("timeout"))
        {
            ok &= values.TryDuration(persistence.Optional("timeout"), "timeout", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), out timeout);
        }

        int maxLength = isIpv6 ? 128 : 32;
        int granularity = maxLength;
        if (persistence.Has("granularity"))
        {
            ok &= values.TryInt(persistence.Optional("granularity"), "granularity", 1, maxLength, out granularity);
        }

        return ok ? new PersistenceConfig(timeout, granularity) : null;
    }
}
