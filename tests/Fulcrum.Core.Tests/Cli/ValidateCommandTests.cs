using System.Text.Json;
using Fulcrum.Cli;
using Fulcrum.Cli.Commands;
using Fulcrum.Core.Tests.Config;

namespace Fulcrum.Core.Tests.Cli;

public class ValidateCommandTests
{
    private static (int Exit, string Output) Validate(string path, string? node = null, bool json = false)
    {
        using var output = new StringWriter();
        int exit = ValidateCommand.Run(path, node, json, output);
        return (exit, output.ToString());
    }

    [Fact]
    public void The_lab_example_is_valid_and_the_summary_says_what_it_holds()
    {
        var (exit, output) = Validate(RepoPaths.File("examples", "lab.yaml"));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("valid: cluster 'lab', 2 node(s), 1 service(s), 0 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Five_planted_mistakes_print_five_positioned_errors_and_exit_1()
    {
        string path = RepoPaths.TestData("five-mistakes.yaml");
        var expected = File.ReadAllLines(RepoPaths.TestData("five-mistakes.expected"))
            .Select(line => line.Replace("five-mistakes.yaml", path, StringComparison.Ordinal));

        var (exit, output) = Validate(path);

        Assert.Equal(ExitCodes.Failure, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines.Take(5));
        Assert.Equal($"{path}: invalid: 5 errors, 0 warnings", lines[5]);
        Assert.Equal(6, lines.Length);
    }

    [Fact]
    public void An_unknown_node_is_an_error_that_lists_the_known_ones()
    {
        var (exit, output) = Validate(RepoPaths.File("examples", "lab.yaml"), node: "lb9");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("--node lb9: no such node in the file (nodes: lb1, lb2)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_node_passes()
    {
        Assert.Equal(ExitCodes.Ok, Validate(RepoPaths.File("examples", "lab.yaml"), node: "lb2").Exit);
    }

    [Fact]
    public void Json_output_carries_every_diagnostic_with_its_position()
    {
        var (exit, output) = Validate(RepoPaths.TestData("five-mistakes.yaml"), json: true);

        Assert.Equal(ExitCodes.Failure, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        var diagnostics = doc.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(5, diagnostics.Count);
        Assert.Equal(19, diagnostics[0].GetProperty("line").GetInt32());
        Assert.Equal(26, diagnostics[0].GetProperty("column").GetInt32());
        Assert.Equal("error", diagnostics[0].GetProperty("severity").GetString());
    }

    [Fact]
    public void A_missing_file_is_one_clear_error_without_a_position()
    {
        var (exit, output) = Validate("/nonexistent/fulcrum.yaml");

        Assert.Equal(ExitCodes.Failure, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("/nonexistent/fulcrum.yaml: error: ", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
    }
}
