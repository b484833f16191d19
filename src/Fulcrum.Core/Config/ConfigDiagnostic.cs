using System.Globalization;

namespace Fulcrum.Core.Config;

/// <summary>
/// A problem found in a config file, at a 1-based line and column. Line 0 means the problem is
/// about the whole file (not found, too big, not text), which has no position.
/// </summary>
public sealed record ConfigDiagnostic(string Source, int Line, int Column, Severity Severity, string Message)
{
    /// <summary>True for errors.</summary>
    public bool IsError => Severity == Severity.Error;

    /// <summary>Compiler style: <c>file:line:column: error: message</c> (or <c>file: error: message</c> for line 0).</summary>
    public override string ToString()
    {
        string level = Severity == Severity.Error ? "error" : "warning";
        return Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line}:{Column}: {level}: {Message}")
            : $"{Source}: {level}: {Message}";
    }
}
