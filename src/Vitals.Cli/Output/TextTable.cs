using System.Text;

namespace Vitals.Cli.Output;

/// <summary>
/// A plain column-aligned table for people (two spaces between columns, upper-case headers). Cells are escaped for
/// the terminal: names and reasons may come from other users or from backends.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var row = new string[headers.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = i < cells.Length ? TerminalText.Escape(cells[i]) : "";
        }

        _rows.Add(row);
    }

    public override string ToString()
    {
        var widths = new int[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            widths[i] = headers[i].Length;
            foreach (var row in _rows)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var sb = new StringBuilder();
        AppendRow(sb, headers, widths);
        foreach (var row in _rows)
        {
            AppendRow(sb, row, widths);
        }

        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            line.Append(cells[i]);
            if (i < cells.Length - 1)
            {
                line.Append(' ', widths[i] - cells[i].Length + 2);
            }
        }

        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
