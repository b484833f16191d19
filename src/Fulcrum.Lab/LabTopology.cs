using System.Globalization;
using System.Text.RegularExpressions;

namespace Fulcrum.Lab;

/// <summary>
/// The seed topology, computed from a name prefix and a number of real servers. Pure: it names
/// namespaces, interfaces and addresses; <see cref="NetworkLab"/> builds them.
/// </summary>
public sealed partial class LabTopology
{
    public const string DefaultPrefix = "fl-";
    public const int DefaultServers = 3;
    public const int MaxServers = 200;

    /// <summary>Longest prefix, dash included: keeps namespace names and state paths short.</summary>
    public const int MaxPrefixLength = 9;

    /// <summary>Host number of rs1 on the private network; rsK gets FirstServerHost + K - 1.</summary>
    public const int FirstServerHost = 11;

    /// <summary>Host number of <see cref="Internet"/> on the public network.</summary>
    public const int InternetHost = 200;

    private LabTopology(string prefix, int serverCount)
    {
        Prefix = prefix;
        ServerCount = serverCount;
        SwitchNamespace = prefix + "sw";
        Client = new LabNode("client", prefix + "client", LabRole.Client,
            [new LabLink("eth0", "client", LabNetwork.Public, LabNetwork.Public.Host(50))], null);
        Internet = new LabNode("inet", prefix + "inet", LabRole.Internet,
            [new LabLink("eth0", "inet", LabNetwork.Public, LabNetwork.Public.Host(InternetHost))], null);
        Balancers = [Balancer(1), Balancer(2)];
        RealServers = [.. Enumerable.Range(1, serverCount).Select(RealServer)];
        Nodes = [Client, Internet, .. Balancers, .. RealServers];
    }

    public string Prefix { get; }
    public int ServerCount { get; }

    /// <summary>The namespace holding the <c>public</c> and <c>private</c> bridges.</summary>
    public string SwitchNamespace { get; }

    public LabNode Client { get; }

    /// <summary>
    /// <c>fl-inet</c>: an "internet" host on the public bridge (203.0.113.200), for egress tests: the
    /// real servers reach it through the balancers, and it sees their traffic come from the public VIP.
    /// </summary>
    public LabNode Internet { get; }
    public IReadOnlyList<LabNode> Balancers { get; }
    public IReadOnlyList<LabNode> RealServers { get; }

    /// <summary>Every node except the switch, in creation order.</summary>
    public IReadOnlyList<LabNode> Nodes { get; }

    /// <summary>Every namespace of this topology, the switch first.</summary>
    public IEnumerable<string> Namespaces => Nodes.Select(n => n.Namespace).Prepend(SwitchNamespace);

    public static IReadOnlyList<LabNetwork> Networks { get; } = [LabNetwork.Public, LabNetwork.Private];

    /// <summary>Computes the topology.</summary>
    /// <exception cref="ArgumentException">The prefix or the server count is invalid (all problems listed).</exception>
    public static LabTopology Create(string prefix = DefaultPrefix, int servers = DefaultServers)
    {
        var errors = Validate(prefix, servers);
        return errors.Count == 0
            ? new LabTopology(prefix, servers)
            : throw new ArgumentException(string.Join("; ", errors));
    }

    /// <summary>Every problem with the arguments; empty when they are valid.</summary>
    public static IReadOnlyList<string> Validate(string prefix, int servers)
    {
        var errors = new List<string>();
        if (!PrefixPattern().IsMatch(prefix ?? ""))
        {
            errors.Add(
                $"invalid lab prefix '{prefix}': use 1 to {MaxPrefixLength - 1} lower-case letters or digits, " +
                "starting with a letter and followed by '-' (e.g. fl-, ft1-)");
        }

        if (servers is < 1 or > MaxServers)
        {
            errors.Add($"invalid server count {servers}: use 1 to {MaxServers}");
        }

        return errors;
    }

    /// <summary>Whether a namespace name belongs to a lab with this topology's prefix, whatever its server count.</summary>
    public bool Owns(string namespaceName) =>
        namespaceName.StartsWith(Prefix, StringComparison.Ordinal)
        && OwnedSuffixPattern().IsMatch(namespaceName.AsSpan(Prefix.Length));

    /// <summary>The role of a namespace this lab owns, from its name.</summary>
    public LabRole RoleOf(string namespaceName)
    {
        var suffix = namespaceName[Prefix.Length..];
        return suffix switch
        {
            "sw" => LabRole.Switch,
            "client" => LabRole.Client,
            "inet" => LabRole.Internet,
            _ when suffix.StartsWith("lb", StringComparison.Ordinal) => LabRole.Balancer,
            _ => LabRole.RealServer,
        };
    }

    private LabNode Balancer(int number)
    {
        var name = "lb" + number.ToString(CultureInfo.InvariantCulture);
        return new LabNode(name, Prefix + name, LabRole.Balancer,
            [
                new LabLink("eth0", name + "-pub", LabNetwork.Public, LabNetwork.Public.Host(number)),
                new LabLink("eth1", name + "-priv", LabNetwork.Private, LabNetwork.Private.Host(number)),
            ],
            null);
    }

    private LabNode RealServer(int number)
    {
        var name = "rs" + number.ToString(CultureInfo.InvariantCulture);
        var address = LabNetwork.Private.Host(FirstServerHost + number - 1);
        return new LabNode(name, Prefix + name, LabRole.RealServer,
            [new LabLink("eth0", name, LabNetwork.Private, address)],
            LabNetwork.Private.Vip);
    }

    // The trailing dash keeps labs apart: "fl-" never owns a namespace of "flx-" or "fl-rs1-".
    [GeneratedRegex("^[a-z][a-z0-9]{0,7}-$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^(sw|client|inet|lb[12]|rs[1-9][0-9]*)$")]
    private static partial Regex OwnedSuffixPattern();
}
