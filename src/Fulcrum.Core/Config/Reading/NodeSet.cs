using System.Net;

namespace Fulcrum.Core.Config.Reading;

/// <summary>The nodes as read, and which node owns which address (real servers must not reuse them).</summary>
internal sealed class NodeSet
{
    public List<NodeConfig> Valid { get; } = [];

    public Dictionary<IPAddress, string> AddressOwners { get; } = [];

    public int DeclaredCount { get; set; }
}
