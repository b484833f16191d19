namespace Fulcrum.Cli.Commands;

/// <summary>Which of the real-server commands <see cref="ServerCommands"/> makes.</summary>
internal enum ServerCommandKind
{
    /// <summary><c>drain</c>: weight 0, established flows continue, no new ones.</summary>
    Drain,

    /// <summary><c>enable</c>: undo a drain or a weight override.</summary>
    Enable,

    /// <summary><c>weight</c>: set the kernel weight until enable or a reload that changes the configured weight.</summary>
    Weight,
}
