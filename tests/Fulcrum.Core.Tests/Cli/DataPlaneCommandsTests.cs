using System.Text.Json;
using Fulcrum.Cli;
using Fulcrum.Cli.Commands;
using Fulcrum.Core.Config;
using Fulcrum.Core.DataPlane;
using Fulcrum.Core.Tests.Config;
using Fulcrum.Core.Tests.DataPlane;

namespace Fulcrum.Core.Tests.Cli;

public class DataPlaneCommandsTests
{
    private static readonly string LabYaml = RepoPaths.File("examples", "lab.yaml");

    private static async Task<(int Exit, string Out, string Err)> Run(
        RecordingDataPlane engine, bool apply, string path, string node = "lb1", bool json = false)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        int exit = await DataPlaneCommands.RunAsync(path, node, json, apply, () => engine, output, errors, CancellationToken.None);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task Plan_prints_the_changes_and_applies_nothing()
    {
        var engine = new RecordingDataPlane(DataPlaneModel.Empty);

        var (exit, output, _) = await Run(engine, apply: false, LabYaml);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("add service web 203.0.113.100:80/tcp (3 real servers)", output, StringComparison.Ordinal);
        Assert.Contains("kernel: add service web", output, StringComparison.Ordinal);
        Assert.Single(engine.Described);
        Assert.Empty(engine.Applied);
        Assert.Equal(DataPlaneModel.Empty, engine.Held);
    }

    [Fact]
    public async Task Apply_makes_the_changes_and_a_second_apply_finds_nothing_to_do()
    {
        var engine = new RecordingDataPlane(DataPlaneModel.Empty);

        var first = await Run(engine, apply: true, LabYaml);
        var second = await Run(engine, apply: true, LabYaml);

        Assert.Equal(ExitCodes.Ok, first.Exit);
        Assert.Contains("Applied in one transaction", first.Out, StringComparison.Ordinal);
        Assert.Single(engine.Applied);
        Assert.Equal(DesiredStateBuilder.Build(ConfigLoader.Load(LabYaml).Config!), engine.Held);
        Assert.Equal(ExitCodes.Ok, second.Exit);
        Assert.Contains("nothing to change", second.Out, StringComparison.Ordinal);
        Assert.Single(engine.Applied);
    }

    [Fact]
    public async Task A_rejected_apply_exits_1_with_the_kernels_message_and_changes_nothing()
    {
        var engine = new RecordingDataPlane(DataPlaneModel.Empty) { RejectNextApplyWith = "kernel said EINVAL: bad element" };

        var (exit, _, errors) = await Run(engine, apply: true, LabYaml);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("kernel said EINVAL: bad element", errors, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", errors, StringComparison.Ordinal);
        Assert.Equal(DataPlaneModel.Empty, engine.Held);
    }

    [Fact]
    public async Task An_invalid_file_never_reaches_the_engine()
    {
        var engine = new RecordingDataPlane(DataPlaneModel.Empty);

        var (exit, _, errors) = await Run(engine, apply: true, RepoPaths.TestData("five-mistakes.yaml"));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("port 70000 is out of range", errors, StringComparison.Ordinal);
        Assert.Empty(engine.Described);
        Assert.Empty(engine.Applied);
    }

    [Fact]
    public async Task An_unknown_node_never_reaches_the_engine()
    {
        var engine = new RecordingDataPlane(DataPlaneModel.Empty);

        var (exit, _, errors) = await Run(engine, apply: true, LabYaml, node: "lb7");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("--node lb7: no such node", errors, StringComparison.Ordinal);
        Assert.Empty(engine.Described);
    }

    [Fact]
    public async Task Json_lists_operations_and_kernel_changes()
    {
        var engine = new RecordingDataPlane(DataPlaneModel.Empty);

        var (_, output, _) = await Run(engine, apply: false, LabYaml, json: true);

        using var doc = JsonDocument.Parse(output);
        Assert.False(doc.RootElement.GetProperty("applied").GetBoolean());
        Assert.Equal(1, doc.RootElement.GetProperty("operations").GetArrayLength());
        Assert.Equal(1, doc.RootElement.GetProperty("kernel_changes").GetArrayLength());
    }
}
