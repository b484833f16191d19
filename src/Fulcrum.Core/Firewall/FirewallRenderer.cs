using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Firewall.Terms;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Firewall;

/// <summary>
/// Turns a <see cref="FirewallPolicy"/> into the rules of Fulcrum's firewall table, deterministically.
/// Chains: <c>spoofing</c> (prerouting, priority raw: before conntrack and the data plane's DNAT),
/// <c>input</c> and <c>forward</c> (policy drop), <c>postrouting</c> (nat, srcnat: the real
/// servers' outbound traffic leaves as the public VIP); with a SYN proxy also <c>untrack</c> and
/// <c>syn_proxy_ack</c>; with client limits <c>client_limits</c>.
/// </summary>
public static class FirewallRenderer
{
    /// <summary>Set and chain names (the comments of rules name their counters).</summary>
    public const string AdminSet = "admin";
    /// <summary>Sources never banned.</summary>
    public const string BanExemptSet = "ban_exempt";
    /// <summary>Banned sources (dynamic, with the ban time as timeout).</summary>
    public const string BannedSet = "banned";
    /// <summary>Per-source token buckets on the SSH port.</summary>
    public const string SshMeterSet = "ssh_meter";
    /// <summary>The virtual services.</summary>
    public const string ServicesSet = "services";
    /// <summary>Sources that cannot come from the public side.</summary>
    public const string BogonsSet = "bogons";
    /// <summary>This node's addresses and the VIPs.</summary>
    public const string OwnSet = "own";
    /// <summary>Where real servers may go.</summary>
    public const string EgressSet = "egress_to";
    /// <summary>The services behind the SYN proxy.</summary>
    public const string SynProxySet = "syn_proxy";
    /// <summary>The per-source connection counts of a service with a client limit: <c>clients_NAME</c>.</summary>
    public const string ClientCountsSetPrefix = "clients_";
    /// <summary>The chain that keeps the SYNs of SYN-proxied services out of conntrack.</summary>
    public const string UntrackChain = "untrack";
    /// <summary>The chain that caps each client's connections to a service.</summary>
    public const string ClientLimitsChain = "client_limits";
    /// <summary>The virtual addresses: admin ports are never open on them.</summary>
    public const string VipsSet = "vips";
    /// <summary>The chain that mends the SYN proxy's own ACK to a real server.</summary>
    public const string SynProxyAckChain = "syn_proxy_ack";

    private const int RawPriority = -300;
    // After conntrack (-200: the flow is known and counted), before the data plane's DNAT (-100: the
    // destination is still the VIP).
    private const int ManglePriority = -150;
    private const int FilterPriority = 0;
    private const int SourceNatPriority = 100;
    private const uint LogRatePerMinute = 10;
    private const uint LogBurst = 5;

    /// <summary>The whole table for <paramref name="policy"/>.</summary>
    public static FirewallRuleset Render(FirewallPolicy policy, string table = FirewallRuleset.DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var sets = new List<FirewallSet> { FirewallSet.OfPrefixes(AdminSet, policy.AdminNetworks) };
        if (policy.Vips.Count > 0)
        {
            sets.Add(FirewallSet.OfPrefixes(VipsSet, policy.Vips.Select(v => new IPNetwork(v, 32))));
        }

        bool banning = policy.Ban.Enabled;
        if (banning)
        {
            if (policy.BanExempt.Count > 0)
            {
                sets.Add(FirewallSet.OfPrefixes(BanExemptSet, policy.BanExempt));
            }

            sets.Add(FirewallSet.Dynamic(BannedSet, policy.Ban.Time));
            sets.Add(FirewallSet.Dynamic(SshMeterSet, policy.Ban.Per));
        }

        if (policy.Services.Count > 0)
        {
            sets.Add(new FirewallSet(ServicesSet, FirewallSetKind.Services, [], policy.Services));
        }

        if (policy.AntiSpoofing)
        {
            sets.Add(FirewallSet.OfPrefixes(BogonsSet, policy.Bogons));
            sets.Add(FirewallSet.OfPrefixes(OwnSet, policy.OwnAddresses.Select(a => new IPNetwork(a, 32))));
        }

        if (policy.SynProxyServices.Count > 0)
        {
            sets.Add(new FirewallSet(SynProxySet, FirewallSetKind.Services, [], policy.SynProxyServices));
        }

        foreach (ServiceClientLimit limit in policy.ClientLimits)
        {
            sets.Add(FirewallSet.ClientCounts(ClientCountsSetPrefix + limit.Service));
        }

        bool egressAnywhere = policy.Egress.To.Any(p => p.PrefixLength == 0);
        if (!egressAnywhere)
        {
            sets.Add(FirewallSet.OfPrefixes(EgressSet, policy.Egress.To));
        }

        var chains = new List<FirewallChain>();
        if (policy.AntiSpoofing)
        {
            chains.Add(new FirewallChain("spoofing", false, FirewallHook.Prerouting, RawPriority, false, Spoofing(policy)));
        }

        if (policy.SynProxyServices.Count > 0)
        {
            chains.Add(new FirewallChain(UntrackChain, false, FirewallHook.Prerouting, RawPriority, false, Untrack()));
            chains.Add(new FirewallChain(SynProxyAckChain, false, FirewallHook.Output, ManglePriority, false, SynProxyAck()));
        }

        if (policy.ClientLimits.Count > 0)
        {
            chains.Add(new FirewallChain(ClientLimitsChain, false, FirewallHook.Prerouting, ManglePriority, false, ClientLimits(policy)));
        }

        chains.Add(new FirewallChain("input", false, FirewallHook.Input, FilterPriority, true, Input(policy, banning)));
        chains.Add(new FirewallChain("forward", false, FirewallHook.Forward, FilterPriority, true, Forward(policy, egressAnywhere)));
        chains.Add(new FirewallChain("postrouting", true, FirewallHook.Postrouting, SourceNatPriority, false, Postrouting(policy)));
        return new FirewallRuleset(table, sets.ToEquatableArray(), chains.ToEquatableArray());
    }

    private static EquatableArray<FirewallRule> Spoofing(FirewallPolicy policy)
    {
        var fromPublic = new InterfaceTerm(false, policy.PublicInterface);
        return
        [
            Rule(FirewallVerdict.Drop, "spoof_bogon", fromPublic, FamilyTerm.V4, new AddressSetTerm(true, BogonsSet), CounterTerm.Instance),
            Rule(FirewallVerdict.Drop, "spoof_own", fromPublic, FamilyTerm.V4, new AddressSetTerm(true, OwnSet), CounterTerm.Instance),
            Rule(FirewallVerdict.Drop, "spoof_rpf", fromPublic, FamilyTerm.V4, ReversePathTerm.Instance, CounterTerm.Instance),
        ];
    }

    private static EquatableArray<FirewallRule> Input(FirewallPolicy policy, bool banning)
    {
        var rules = new List<FirewallRule>
        {
            Rule(FirewallVerdict.Accept, "loopback", new InterfaceTerm(false, "lo")),
        };

        if (policy.SynProxyServices.Count > 0)
        {
            // The untracked SYN and the client's ACK (no conntrack entry yet: invalid) of a proxied
            // service reach input, as the VIP is local; synproxy answers the SYN with a cookie and, on
            // a valid ACK, sends the server's SYN out through the output hook, where the data plane DNATs it.
            rules.Add(Rule(FirewallVerdict.Continue, "syn_proxy", FamilyTerm.V4, new ServiceSetTerm(SynProxySet),
                new CtStateTerm(CtStates.Invalid | CtStates.Untracked), CounterTerm.Instance, SynProxyTerm.Default));
        }

        var ssh = new PortTerm(PortRange.Of(policy.SshPort));
        var tcp = new ProtocolTerm(ProtocolTerm.Tcp);
        if (banning)
        {
            rules.Add(BanMeter(policy, ssh, tcp));
        }

        rules.Add(Rule(FirewallVerdict.Accept, "established", new CtStateTerm(CtStates.Established | CtStates.Related)));
        rules.Add(Rule(FirewallVerdict.Drop, "invalid", new CtStateTerm(CtStates.Invalid), CounterTerm.Instance));

        foreach (VrrpPeerAddress peer in policy.VrrpPeers)
        {
            rules.Add(Rule(FirewallVerdict.Accept, "vrrp_peer", new InterfaceTerm(false, peer.Interface), FamilyTerm.V4,
                new PrefixTerm(true, new IPNetwork(peer.Address, 32)), new ProtocolTerm(ProtocolTerm.Vrrp)));
        }

        if (policy.ConnectionSync is { } sync)
        {
            rules.Add(Rule(FirewallVerdict.Accept, "conn_sync", new InterfaceTerm(false, sync.Interface), FamilyTerm.V4,
                new PrefixTerm(true, new IPNetwork(sync.Address, 32)), new ProtocolTerm(ProtocolTerm.Udp), new PortTerm(PortRange.Of(sync.Port)), CounterTerm.Instance));
        }

        if (banning)
        {
            rules.Add(Rule(FirewallVerdict.Drop, "banned", FamilyTerm.V4, new AddressSetTerm(true, BannedSet), CounterTerm.Instance));
        }

        // On the node's own addresses only: a VIP belongs to whichever node holds it, and an admin
        // session to it would land on the other node after a switch-over (or be cut by it).
        var admin = new AddressSetTerm(true, AdminSet);
        var notVip = policy.Vips.Count > 0 ? new AddressSetTerm(false, VipsSet, Negated: true) : null;
        rules.Add(AdminRule("admin_ssh", tcp, ssh, notVip, admin));
        foreach (PortRule port in policy.AdminPorts)
        {
            rules.Add(AdminRule("admin_port", ProtocolTerm.Of(port.Protocol), new PortTerm(port.Ports), notVip, admin));
        }

        if (policy.Services.Count > 0)
        {
            rules.Add(Rule(FirewallVerdict.Accept, "service", FamilyTerm.V4, new ServiceSetTerm(ServicesSet)));
        }

        if (policy.IcmpEchoRate > 0)
        {
            rules.Add(Rule(FirewallVerdict.Accept, "icmp_echo", FamilyTerm.V4, new ProtocolTerm(ProtocolTerm.Icmp), new IcmpTypeTerm(false, IcmpTypeTerm.EchoRequest),
                new LimitTerm((uint)policy.IcmpEchoRate, TimeSpan.FromSeconds(1), (uint)policy.IcmpEchoRate * 2)));
        }

        foreach (byte type in IcmpTypeTerm.NeighbourDiscovery)
        {
            rules.Add(Rule(FirewallVerdict.Accept, "ipv6_nd", FamilyTerm.V6, new ProtocolTerm(ProtocolTerm.Icmpv6), new IcmpTypeTerm(true, type)));
        }

        rules.Add(Rule(FirewallVerdict.Continue, "log_input", new LimitTerm(LogRatePerMinute, TimeSpan.FromMinutes(1), LogBurst), new LogTerm("fulcrum input drop: ", policy.LogGroup)));
        rules.Add(Rule(FirewallVerdict.Drop, "input_drop", CounterTerm.Instance));
        return rules.ToEquatableArray();
    }

    // The SSH brute-force meter counts a connection once, when its three-way handshake completes:
    // the first packet of the flow that conntrack has seen answered for real (ct status assured, set
    // by the ACK that ends SYN_RECV), before "established" accepts it. A spoofed source never sees the
    // SYN-ACK, a half-open scan never sends that ACK: neither can get an address banned. The label
    // bit marks the flow as counted (read back after setting it: a flow older than the first rule
    // that set labels has no label storage and would otherwise be counted on every packet). The
    // connection over the limit is reset, and its source's next connections are dropped as banned.
    private static FirewallRule BanMeter(FirewallPolicy policy, PortTerm ssh, ProtocolTerm tcp)
    {
        var terms = new List<FirewallTerm>
        {
            FamilyTerm.V4, tcp, ssh, CtDirectionTerm.FromOpener, CtAssuredTerm.Instance,
            new CtLabelTerm(CtLabelTerm.SshHandshakeCounted, Negated: true),
        };
        if (policy.BanExempt.Count > 0)
        {
            terms.Add(new AddressSetTerm(true, BanExemptSet, Negated: true));
        }

        terms.Add(new CtLabelSetTerm(CtLabelTerm.SshHandshakeCounted));
        terms.Add(new CtLabelTerm(CtLabelTerm.SshHandshakeCounted));
        terms.Add(new MeterTerm(SshMeterSet, new LimitTerm((uint)policy.Ban.After, policy.Ban.Per, (uint)policy.Ban.After, Over: true)));
        terms.Add(new AddSourceTerm(BannedSet));
        terms.Add(CounterTerm.Instance);
        terms.Add(new RejectTerm(TcpReset: true));
        return new FirewallRule(terms.ToEquatableArray(), FirewallVerdict.Continue, "ban_ssh");
    }

    private static FirewallRule AdminRule(string comment, ProtocolTerm protocol, PortTerm port, AddressSetTerm? notVip, AddressSetTerm admin)
    {
        var terms = new List<FirewallTerm> { FamilyTerm.V4, protocol, port };
        if (notVip is not null)
        {
            terms.Add(notVip);
        }

        terms.Add(admin);
        return new FirewallRule(terms.ToEquatableArray(), FirewallVerdict.Accept, comment);
    }

    private static EquatableArray<FirewallRule> Forward(FirewallPolicy policy, bool egressAnywhere)
    {
        var rules = new List<FirewallRule>
        {
            Rule(FirewallVerdict.Accept, "established", new CtStateTerm(CtStates.Established | CtStates.Related)),
            Rule(FirewallVerdict.Drop, "invalid", new CtStateTerm(CtStates.Invalid), CounterTerm.Instance),
            Rule(FirewallVerdict.Accept, "service", new InterfaceTerm(true, policy.PrivateInterface), CtDnatTerm.Instance, CounterTerm.Instance),
        };

        var outbound = new List<FirewallTerm>
        {
            new InterfaceTerm(false, policy.PrivateInterface),
            new InterfaceTerm(true, policy.PublicInterface),
            FamilyTerm.V4,
            new PrefixTerm(true, policy.PrivatePrefix),
        };
        if (!egressAnywhere)
        {
            outbound.Add(new AddressSetTerm(false, EgressSet));
        }

        if (policy.Egress.AllowAll)
        {
            rules.Add(new FirewallRule([.. outbound, CounterTerm.Instance], FirewallVerdict.Accept, "egress"));
        }
        else
        {
            foreach (PortRule allow in policy.Egress.Allow)
            {
                rules.Add(new FirewallRule([.. outbound, ProtocolTerm.Of(allow.Protocol), new PortTerm(allow.Ports), CounterTerm.Instance], FirewallVerdict.Accept, "egress"));
            }
        }

        rules.Add(Rule(FirewallVerdict.Continue, "log_forward", new LimitTerm(LogRatePerMinute, TimeSpan.FromMinutes(1), LogBurst), new LogTerm("fulcrum forward drop: ", policy.LogGroup)));
        rules.Add(Rule(FirewallVerdict.Drop, "forward_drop", CounterTerm.Instance));
        return rules.ToEquatableArray();
    }

    private static EquatableArray<FirewallRule> Untrack() =>
    [
        Rule(FirewallVerdict.Continue, "syn_proxy_untrack", FamilyTerm.V4, new ServiceSetTerm(SynProxySet), new ProtocolTerm(ProtocolTerm.Tcp),
            TcpSynTerm.Instance, CounterTerm.Instance, NotrackTerm.Instance),
    ];

    // nf_synproxy's ACK to the real server (the third packet of the proxied second handshake) echoes
    // a wrong timestamp: it is built with the server's TSval as TSecr, then passes nf_synproxy's own
    // postrouting hook, which adds the client/server timestamp offset to every original-direction
    // TSecr once more (synproxy_send_server_ack → synproxy_tstamp_adjust). A server that checks
    // TSecr in SYN_RECV (Linux since 6.x: tcp_check_req, SKB_DROP_REASON_TCP_RFC7323_TSECR) drops it
    // and answers with an ACK. Then the handshake completes only with the client's first data
    // segment — unless that segment echoes the server's newer timestamp from that ACK, which is
    // again out of range: the connection stalls until the server retransmits its SYN-ACK (1 s, more
    // with backoff); and a server-first protocol (SSH, SMTP) waits that second on every connection.
    // Stripping the option from this one packet before nf_synproxy sees it (it adjusts no option
    // that is not there) lets the server accept it: RFC 7323 §3.2 recommends dropping a segment
    // without the option, Linux accepts it; a server that drops it is no worse off than without
    // this rule, as the client's first segment then completes the handshake. Priority mangle in
    // output: before the data plane's DNAT, so the destination is still the VIP and port of the set.
    private static EquatableArray<FirewallRule> SynProxyAck() =>
    [
        Rule(FirewallVerdict.Continue, "syn_proxy_ack", FamilyTerm.V4, new ServiceSetTerm(SynProxySet), new ProtocolTerm(ProtocolTerm.Tcp),
            TcpAckOnlyTerm.Instance, CtDirectionTerm.FromOpener, CounterTerm.Instance, StripTcpTimestampTerm.Instance),
    ];

    private static EquatableArray<FirewallRule> ClientLimits(FirewallPolicy policy)
    {
        var rules = new List<FirewallRule>();
        foreach (ServiceClientLimit limit in policy.ClientLimits)
        {
            bool tcp = limit.Listen.Protocol == L4Protocol.Tcp;
            rules.Add(Rule(FirewallVerdict.Continue, "client_limit_" + limit.Service, FamilyTerm.V4,
                new PrefixTerm(false, new IPNetwork(limit.Listen.Address, 32)), ProtocolTerm.Of(limit.Listen.Protocol), new PortTerm(limit.Listen.Ports),
                new CtStateTerm(CtStates.New), new ClientCountTerm(ClientCountsSetPrefix + limit.Service, limit.Limit), CounterTerm.Instance, new RejectTerm(tcp)));
        }

        return rules.ToEquatableArray();
    }

    private static EquatableArray<FirewallRule> Postrouting(FirewallPolicy policy) =>
    [
        Rule(FirewallVerdict.Continue, "snat_egress", new InterfaceTerm(true, policy.PublicInterface), FamilyTerm.V4,
            new PrefixTerm(true, policy.PrivatePrefix), CounterTerm.Instance, new SnatTerm(policy.SnatAddress)),
    ];

    private static FirewallRule Rule(FirewallVerdict verdict, string comment, params FirewallTerm[] terms) =>
        new(terms.ToEquatableArray(), verdict, comment);
}
