namespace Fulcrum.Integration.Tests.Cli;

/// <summary>The documented exit codes of the real program, run through the repository's ./fulcrum wrapper.</summary>
public class FulcrumCommandLineTests
{
    [Fact]
    public async Task Validate_of_the_lab_example_exits_0()
    {
        var (exit, stdout, _) = await FulcrumProcess.RunAsync("validate", "examples/lab.yaml");

        Assert.Equal(0, exit);
        Assert.Contains("examples/lab.yaml: valid", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_of_a_file_with_mistakes_exits_1_with_positioned_errors()
    {
        var (exit, stdout, stderr) = await FulcrumProcess.RunAsync(
            "validate", "tests/Fulcrum.Core.Tests/Config/TestData/five-mistakes.yaml");

        Assert.Equal(1, exit);
        Assert.Contains("five-mistakes.yaml:53:20: error: port 70000 is out of range 1-65535", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task A_binary_file_gives_one_error_and_no_stack_trace()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fulcrum-binary-{Guid.NewGuid():N}.yaml");
        await File.WriteAllBytesAsync(path, [0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0xff, 0xfe]);
        try
        {
            var (exit, stdout, stderr) = await FulcrumProcess.RunAsync("validate", path);

            Assert.Equal(1, exit);
            Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(": error: ", StringComparison.Ordinal));
            Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("validate", "--no-such-option")] // without FILE, validate checks /etc/fulcrum/fulcrum.yaml
    [InlineData("no-such-command")]
    [InlineData("lab", "up", "--servers", "0")]
    public async Task Usage_errors_exit_2_with_a_hint(params string[] args)
    {
        var (exit, _, stderr) = await FulcrumProcess.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("fulcrum --help", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("validate", "--help")]
    [InlineData("lab", "--help")]
    [InlineData("lab", "up", "--help")]
    public async Task Help_is_there_on_every_command(params string[] args)
    {
        var (exit, stdout, _) = await FulcrumProcess.RunAsync(args);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
    }
}
