using Fulcrum.Core.Collections;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>Collects every diagnostic of one load, so all mistakes are reported at once.</summary>
internal sealed class DiagnosticBag(string source)
{
    private readonly List<ConfigDiagnostic> _items = [];

    public bool HasErrors { get; private set; }

    public void Error(SourceMark at, string message) => Add(at.Line, at.Column, Severity.Error, message);

    public void Warning(SourceMark at, string message) => Add(at.Line, at.Column, Severity.Warning, message);

    /// <summary>A problem with the file as a whole, which has no position.</summary>
    public void FileError(string message) => Add(0, 0, Severity.Error, message);

    /// <summary>Sorted by position; the sort is stable, so same-position diagnostics keep their order.</summary>
    public EquatableArray<ConfigDiagnostic> ToSortedArray() =>
        _items.OrderBy(d => d.Line).ThenBy(d => d.Column).ToEquatableArray();

    private void Add(int line, int column, Severity severity, string message)
    {
        HasErrors |= severity == Severity.Error;
        _items.Add(new ConfigDiagnostic(source, line, column, severity, message));
    }
}
