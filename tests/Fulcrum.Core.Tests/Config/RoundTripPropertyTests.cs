using CsCheck;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

public sealed class RoundTripPropertyTests
{
    [Fact]
    public void Any_valid_config_written_and_loaded_again_is_equal_and_clean()
    {
        ValidConfigGen.Config.Sample(
            config =>
            {
                string yaml = ConfigWriter.Write(config);
                ConfigLoadResult result = ConfigLoader.Parse(yaml, "generated.yaml");

                Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics) + "\n---\n" + yaml);
                Assert.Equal(config, result.Config);
            },
            iter: 400,
            print: ConfigWriter.Write);
    }
}
