using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Net;

namespace Fulcrum.Linux.DataPlane;

/// <summary>
/// A service as the engine holds it in the kernel: the model plus the engine's own ids (service
/// id, one mark per server) and the handle of its rule in its bucket chain. Rebuilt from the
/// kernel at start-up.
/// </summary>
/// <param name="Id">The service id: bucket (low 8 bits), first half of its slot keys, chain <c>svc_ID</c> when persistent.</param>
/// <param name="Service">The service as last applied.</param>
/// <param name="Marks">The mark (ct mark, counter key) of each real server, drained ones included; never changed after creation.</param>
/// <param name="SorryMark">The mark of the sorry server, when one is configured.</param>
internal sealed record NftServiceRecord(uint Id, VirtualService Service, IReadOnlyDictionary<ServerEndpoint, uint> Marks, uint? SorryMark)
{
    /// <summary>The chain of a persistent service.</summary>
    public string Chain => NftLayout.ServiceChain(Id);

    /// <summary>The chain that holds the service's rule.</summary>
    public string Bucket => NftLayout.BucketChain(Id);

    /// <summary>
    /// The kernel's handle of the service's rule in <see cref="Bucket"/> (kept when the rule is
    /// replaced); null when the rule was added since the kernel was last read (the engine looks it
    /// up in the bucket chain before it needs it).
    /// </summary>
    public ulong? RuleHandle { get; init; }

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
