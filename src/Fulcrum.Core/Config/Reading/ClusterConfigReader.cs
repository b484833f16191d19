using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Maps the YAML tree onto <see cref="ClusterConfig"/>. Sections are read in dependency order
/// (networks, then nodes, then services) whatever their order in the file, so cross-references
/// can be checked where they are written.
/// </summary>
internal sealed class ClusterConfigReader(DiagnosticBag diagnostics)
{
    private readonly ValueReader _values = new(diagnostics);

    public ClusterConfig? Read(YamlValue root)
    {
        MappingReader? top = MappingReader.Open(root, "the top level of the file", ConfigKeys.Root, diagnostics);
        if (top is null)
        {
            return null;
        }

        YamlValue? clusterValue = top.Required("cluster");
        bool ok = _values.TryText(clusterValue, "cluster", out string cluster);
        if (ok && !Names.IsValidName(cluster))
        {
            diagnostics.Error(clusterValue!.Start, $"cluster name '{cluster}' is not valid: use {Names.NameRule}");
            ok = false;
        }

        NetworkSet networks = new NetworkSectionReader(_values).Read(top.Required("networks"));
        NodeSet nodes = new NodeSectionReader(_values, networks).Read(top.Required("nodes"));
        var services = new ServiceSectionReader(_values, networks, nodes).Read(top.Optional("services"));
        HaConfig? ha = new HaSectionReader(_values, networks, services).Read(top.Required("ha"));
        FirewallConfig? firewall = new FirewallSectionReader(_values).Read(top.Required("firewall"));
        GlobalSettings? global = new GlobalSectionReader(_values).Read(top.Optional("global"));

        if (!ok || diagnostics.HasErrors || ha is null || services is null || firewall is null || global is null)
        {
            return null;
        }

        return new ClusterConfig(
            cluster,
            [.. nodes.Valid],
            [.. networks.ValidInFileOrder],
            ha,
            services.Value,
            firewall,
            global);
    }
}
