using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Lab;

/// <summary>One lab (3 real servers, a fresh prefix) shared by the tests of <see cref="LabTestGroup"/>.</summary>
public sealed class LabFixture : IAsyncLifetime
{
    private OwnedLab? _owned;

    /// <summary>The running lab; only privileged tests, which run where it could be built, may use it.</summary>
    public NetworkLab Lab =>
        _owned?.Lab ?? throw new InvalidOperationException(PrivilegedFactAttribute.SkipReason ?? "the lab was not built");

    public async Task InitializeAsync()
    {
        if (PrivilegedFactAttribute.SkipReason is not null)
        {
            return; // every test of the collection is skipped
        }

        await TestLabOwners.SweepAbandonedAsync();
        _owned = OwnedLab.Create();
        await _owned.Lab.UpAsync();
    }

    public async Task DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }
}
