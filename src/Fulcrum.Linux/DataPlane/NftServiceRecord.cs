using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// A service as the engine holds it in the kernel: the model plus the engine's own ids (chain
/// <c>svc_ID</c>, one mark per server). Rebuilt from the kernel at start-up.
/// </summary>
/// <param name="Id">The service id: chain name suffix and first half of its slot keys.</param>
/// <param name="Service">The service as last applied.</param>
/// <param name="Marks">The mark (ct mark, counter key) of each real server, drained ones included; never changed after creation.</param>
/// <param name="SorryMark">The mark of the sorry server, when one is configured.</param>
internal sealed record NftServiceRecord(uint Id, VirtualService Service, IReadOnlyDictionary<ServerEndpoint, uint> Marks, uint? SorryMark)
{
    /// <summary>The chain's name.</summary>
    public string Chain => NftLayout.ServiceChain(Id);

    /// <summary>Every server's record for map <c>servers</c>.</summary>
    public IEnumerable<ServerRecord> ServerRecords()
    {
        // A single-port service's server without a port takes the service's port; a range service keeps the client's.
        var defaultPort = Service.Listen.Ports.IsSinglePort ? Service.Listen.Ports.First : (ushort)0;
        foreach (var server in Service.Servers)
        {
            yield return new ServerRecord(Marks[server.Endpoint], Id, server.Endpoint, server.Weight, IsSorry: false, server.Endpoint.Port ?? defaultPort);
        }

        if (Service.Sorry is { } sorry && SorryMark is { } mark)
        {
            yield return new ServerRecord(mark, Id, sorry, 1, IsSorry: true, sorry.Port ?? defaultPort);
        }
    }

    /// <summary>Every mark of the service.</summary>
    public IEnumerable<uint> AllMarks() => SorryMark is { } sorry ? Marks.Values.Append(sorry) : Marks.Values;
}
