using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>The acceptance case: lab.yaml with five planted mistakes gives exactly five errors, each at its place.</summary>
public sealed class FiveMistakesTests
{
    private static readonly string YamlPath = RepoPaths.TestData("five-mistakes.yaml");

    [Fact]
    public void Five_planted_mistakes_give_exactly_five_errors_at_their_positions()
    {
        ConfigLoadResult result = ConfigLoader.Parse(File.ReadAllText(YamlPath), "five-mistakes.yaml");

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                (19, 26, "'203.0.113.256' is not a valid IP address (256 is greater than 255)"),
                (30, 10, "VIP 192.168.30.254 is outside network 'private' (192.168.20.0/24)"),
                (43, 5, "unknown key 'schedular' in service 'web'; did you mean 'scheduler'?"),
                (53, 20, "port 70000 is out of range 1-65535"),
                (55, 11, "service name 'web' is already used on line 41; service names must be unique"),
            ],
            result.Diagnostics.Select(d => (d.Line, d.Column, d.Message)));
        Assert.All(result.Diagnostics, d => Assert.Equal(Severity.Error, d.Severity));
    }

    [Fact]
    public void The_expected_file_matches_the_printed_diagnostics()
    {
        ConfigLoadResult result = ConfigLoader.Parse(File.ReadAllText(YamlPath), "five-mistakes.yaml");
        string[] expected = File.ReadAllLines(Path.ChangeExtension(YamlPath, ".expected"));

        Assert.Equal(expected, result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Loading_from_disk_names_the_path_in_every_diagnostic()
    {
        ConfigLoadResult result = ConfigLoader.Load(YamlPath);

        Assert.Equal(5, result.Diagnostics.Count);
        Assert.All(result.Diagnostics, d => Assert.StartsWith(YamlPath + ":", d.ToString(), StringComparison.Ordinal));
    }
}
