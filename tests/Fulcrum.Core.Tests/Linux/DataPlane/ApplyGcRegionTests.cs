using System.Runtime;
using Fulcrum.Linux.DataPlane;

namespace Fulcrum.Core.Tests.Linux.DataPlane;

public sealed class ApplyGcRegionTests
{
    [Fact]
    public void Only_a_large_apply_keeps_the_collector_out_and_leaving_restores_normal_collection()
    {
        Assert.False(ApplyGcRegion.TryEnter(ApplyGcRegion.MinimumOperations - 1));
        Assert.False(ApplyGcRegion.TryEnter(0));

        var entered = ApplyGcRegion.TryEnter(ApplyGcRegion.MinimumOperations);
        try
        {
            Assert.True(entered);
        }
        finally
        {
            ApplyGcRegion.Exit(entered);
        }

        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        ApplyGcRegion.Exit(entered); // a second exit (or one after the runtime ended the region) is harmless
    }
}
