using Fulcrum.Core.Net;

namespace Fulcrum.Core.DataPlane;

/// <summary>A total order of server endpoints (address bytes, then port), so models compare equal however the file lists them.</summary>
public sealed class EndpointOrder : IComparer<ServerEndpoint>
{
    /// <summary>The one instance.</summary>
    public static EndpointOrder Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(ServerEndpoint x, ServerEndpoint y)
    {
        int byFamily = x.Address.AddressFamily.CompareTo(y.Address.AddressFamily);
        if (byFamily != 0)
        {
            return byFamily;
        }

        int byAddress = x.Address.GetAddressBytes().AsSpan().SequenceCompareTo(y.Address.GetAddressBytes());
        return byAddress != 0 ? byAddress : Nullable.Compare(x.Port, y.Port);
    }
}
