using System.Text;

namespace Fulcrum.Cli.Output;

/// <summary>
/// A plain-text table: a header row and rows of cells, columns two spaces apart, numbers aligned
/// right (columns whose header starts with '>' — the marker is not printed), trailing spaces trimmed.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _right;
    private readonly List<string[]> _rows = [];

    /// <param name="headers">Column titles; a leading '>' aligns that column right.</param>
    public TextTable(params string[] headers)
    {
        _right = [.. headers.Select(h => h.StartsWith('>'))];
        _headers = [.. headers.Select(h => h.TrimStart('>'))];
    }

    /// <summary>Adds a row (as many cells as headers).</summary>
    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {_headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <summary>Appends the table, each line starting with <paramref name="indent"/>.</summary>
    public void AppendTo(StringBuilder text, string indent)
    {
        int[] widths = [.. _headers.Select((h, c) => _rows.Select(r => r[c].Length).Append(h.Length).Max())];
        foreach (string[] row in _rows.Prepend(_headers))
        {
            var line = new StringBuilder(indent);
            for (int c = 0; c < row.Length; c++)
            {
                if (c > 0)
                {
                    line.Append("  ");
                }

                line.Append(_right[c] ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
