using Fulcrum.Health.Sockets;
using Fulcrum.Integration.Tests.Lab;
using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Health;

/// <summary>
/// A lab of its own (3 real servers, fresh prefix) for the health tests, which stop, freeze and block
/// nginx; and a socket factory inside lb1's namespace, so probes leave from lb1 as the daemon's would.
/// </summary>
#pragma warning disable CA1001 // xunit disposes fixtures through IAsyncLifetime.DisposeAsync, which disposes the factory.
public sealed class HealthLabFixture : IAsyncLifetime
#pragma warning restore CA1001
{
    private OwnedLab? _owned;
    private NamespaceSocketFactory? _sockets;

    public NetworkLab Lab => _owned?.Lab ?? throw new InvalidOperationException(PrivilegedFactAttribute.SkipReason ?? "the lab was not built");

    public NamespaceSocketFactory Lb1Sockets => _sockets ?? throw new InvalidOperationException("the lab was not built");

    public async Task InitializeAsync()
    {
        if (PrivilegedFactAttribute.SkipReason is not null)
        {
            return;
        }

        await TestLabOwners.SweepAbandonedAsync();
        _owned = OwnedLab.Create(servers: 3);
        await _owned.Lab.UpAsync();
        _sockets = new NamespaceSocketFactory(_owned.Lab.Topology.Balancers[0].Namespace);
    }

    public async Task DisposeAsync()
    {
        _sockets?.Dispose();
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }
}
