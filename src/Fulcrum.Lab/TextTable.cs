using System.Text;

namespace Fulcrum.Lab;

/// <summary>Left-aligned columns separated by two spaces, for terminal output.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(StringBuilder output)
    {
        var widths = Enumerable.Range(0, headers.Length)
            .Select(column => _rows.Max(row => column < row.Length ? row[column].Length : 0))
            .ToArray();
        foreach (var row in _rows)
        {
            var cells = row.Select((cell, column) => cell.PadRight(widths[column]));
            output.AppendLine(string.Join("  ", cells).TrimEnd());
        }
    }
}
