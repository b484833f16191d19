using System.CommandLine;
using System.Globalization;
using Fulcrum.Cli.Output;
using Fulcrum.Core.Config;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>fulcrum validate FILE [--node NAME] [--json]</c>: loads and checks a configuration file and
/// reports every problem at once. Never touches the kernel.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("FILE")
        {
            Description = $"The cluster configuration file (YAML). Default: {NodeConfigLoader.DefaultConfigPath}.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var node = new Option<string?>("--node")
        {
            Description = "Also check that this node is defined (the name each balancer runs with).",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command(
            "validate",
            "Check a configuration file and report every error as file:line:column. " +
            "Exit 0 valid, 1 invalid, 2 usage error. Never touches the kernel.")
        {
            file, node, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(file)?.ToString() is { } given && given.StartsWith('-'))
            {
                // System.CommandLine hands an unknown option to the optional FILE argument.
                result.AddError($"unknown option {given}");
            }
        });
        command.SetAction(result => Run(
            result.GetValue(file)?.ToString() ?? NodeConfigLoader.DefaultConfigPath,
            result.GetValue(node),
            result.GetValue(json),
            Console.Out));
        return command;
    }

    /// <summary>Validates <paramref name="path"/> and writes the report; returns the exit code.</summary>
    public static int Run(string path, string? nodeName, bool json, TextWriter output)
    {
        ConfigLoadResult result = ConfigLoader.Load(path);
        var diagnostics = result.Diagnostics.ToList();
        if (result.Succeeded && nodeName is not null && result.Config.FindNode(nodeName) is null)
        {
            string known = string.Join(", ", result.Config.Nodes.Select(n => n.Name));
            diagnostics.Add(new ConfigDiagnostic(
                path, 0, 0, Severity.Error, $"--node {nodeName}: no such node in the file (nodes: {known})"));
        }

        bool valid = diagnostics.TrueForAll(d => !d.IsError);
        if (json)
        {
            output.WriteLine(CliJson.Serialize(new ValidationReport(
                path,
                valid,
                diagnostics.Select(d => new ValidationDiagnostic(
                    d.Severity == Severity.Error ? "error" : "warning", d.Line, d.Column, d.Message)).ToList())));
        }
        else
        {
            foreach (var diagnostic in diagnostics)
            {
                output.WriteLine(diagnostic.ToString());
            }

            output.WriteLine(Summary(path, result, diagnostics, valid));
        }

        return valid ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static string Summary(string path, ConfigLoadResult result, List<ConfigDiagnostic> diagnostics, bool valid)
    {
        int errors = diagnostics.Count(d => d.IsError);
        int warnings = diagnostics.Count - errors;
        if (!valid)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: invalid: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
        }

        var config = result.Config!;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{path}: valid: cluster '{config.Cluster}', {config.Nodes.Count} node(s), " +
            $"{config.Services.Count} service(s), {warnings} warning{(warnings == 1 ? "" : "s")}");
    }

    private sealed record ValidationReport(string File, bool Valid, IReadOnlyList<ValidationDiagnostic> Diagnostics);

    private sealed record ValidationDiagnostic(string Severity, int Line, int Column, string Message);
}
