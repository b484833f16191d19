using System.CommandLine;

namespace Fulcrum.Cli.Commands;

/// <summary>
/// <c>[FILE] [--node NAME]</c>, the way every command that acts as (or asks) one node of the file
/// names it. FILE defaults to <see cref="NodeConfigLoader.DefaultConfigPath"/>; without <c>--node</c>
/// the node is the one this host is (<see cref="Core.Config.NodeDetection"/>), so on a balancer
/// <c>fulcrum status</c>, <c>fulcrum check</c> or <c>fulcrum run</c> need no arguments.
/// </summary>
internal sealed class NodeArguments
{
    public const string NodeHelp =
        "The node this balancer is. Default: the node whose own address is on this host's interfaces, else the one named like the host.";

    public NodeArguments(string? fileHelp = null, string? nodeHelp = null)
    {
        File = new("FILE")
        {
            Description = (fileHelp ?? "The cluster configuration file (YAML).") + $" Default: {NodeConfigLoader.DefaultConfigPath}.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        Node = new("--node") { Description = nodeHelp ?? NodeHelp };
    }

    public Argument<FileInfo?> File { get; }

    public Option<string?> Node { get; }

    /// <summary>Adds FILE (as the command's last argument) and <c>--node</c> to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        command.Options.Add(Node);
        command.Validators.Add(result =>
        {
            if (result.GetValue(File)?.ToString() is { } file && file.StartsWith('-'))
            {
                // System.CommandLine hands an unknown option to the optional FILE argument.
                result.AddError($"unknown option {file}");
            }
        });
    }

    /// <summary>FILE as given, or the default.</summary>
    public string Path(ParseResult result) => result.GetValue(File)?.ToString() ?? NodeConfigLoader.DefaultConfigPath;

    /// <summary><c>--node</c> as given, or null (detect it).</summary>
    public string? NodeName(ParseResult result) => result.GetValue(Node);
}
