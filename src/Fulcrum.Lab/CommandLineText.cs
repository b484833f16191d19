namespace Fulcrum.Lab;

/// <summary>Renders an argument list the way a person would type it, for messages only.</summary>
internal static class CommandLineText
{
    public static string Format(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\' or '$' or ';' or '&' or '|')
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
