using System.Net;
using Fulcrum.Core.Collections;
using Fulcrum.Core.Net;

namespace Fulcrum.Core.Firewall;

/// <summary>A named set of the firewall table.</summary>
/// <param name="Name">Set name.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Prefixes">The elements of a <see cref="FirewallSetKind.Prefixes"/> set.</param>
/// <param name="Services">The elements of a <see cref="FirewallSetKind.Services"/> set.</param>
/// <param name="Timeout">How long a dynamic element lives.</param>
public sealed record FirewallSet(
    string Name,
    FirewallSetKind Kind,
    EquatableArray<IPNetwork> Prefixes,
    EquatableArray<ListenEndpoint> Services,
    TimeSpan? Timeout = null)
{
    /// <summary>A fixed set of prefixes.</summary>
    public static FirewallSet OfPrefixes(string name, IEnumerable<IPNetwork> prefixes) =>
        new(name, FirewallSetKind.Prefixes, prefixes.ToEquatableArray(), []);

    /// <summary>A dynamic set of addresses whose elements expire after <paramref name="timeout"/>.</summary>
    public static FirewallSet Dynamic(string name, TimeSpan timeout) =>
        new(name, FirewallSetKind.DynamicAddresses, [], [], timeout);

    /// <summary>Most source addresses a <see cref="FirewallSetKind.ClientCounts"/> set tracks at once (a new source beyond it is not counted).</summary>
    public const int ClientCountsSize = 65_535;

    /// <summary>A dynamic set of per-source connection counts.</summary>
    public static FirewallSet ClientCounts(string name) => new(name, FirewallSetKind.ClientCounts, [], []);

    /// <summary>The set as <c>nft list table</c> prints it (on one line).</summary>
    public override string ToString() => Kind switch
    {
        FirewallSetKind.Prefixes =>
            $"set {Name} {{ type ipv4_addr; flags interval; elements = {{ {string.Join(", ", Prefixes.Select(p => p.PrefixLength == 32 ? p.BaseAddress.ToString() : p.ToString()))} }} }}",
        FirewallSetKind.DynamicAddresses =>
            $"set {Name} {{ type ipv4_addr; flags dynamic,timeout; timeout {Config.Text.DurationText.Format(Timeout ?? TimeSpan.Zero)}; }}",
        FirewallSetKind.ClientCounts =>
            $"set {Name} {{ type ipv4_addr; size {ClientCountsSize}; flags dynamic; }}",
        _ =>
            $"set {Name} {{ type ipv4_addr . inet_proto . inet_service; flags interval; elements = {{ {string.Join(", ", Services.Select(ServiceText))} }} }}",
    };

    private static string ServiceText(ListenEndpoint s) =>
        $"{s.Address} . {(s.Protocol == L4Protocol.Tcp ? "tcp" : "udp")} . {(s.Ports.IsSinglePort ? $"{s.Ports.First}" : $"{s.Ports.First}-{s.Ports.Last}")}";
}
