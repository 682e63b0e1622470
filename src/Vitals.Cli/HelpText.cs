using System.Text;
using System.CommandLine;

namespace Vitals.Cli;

/// <summary>
/// System.CommandLine's help lists subcommands with every argument as <c>&lt;NAME&gt;</c>, required or not (the usage
/// line of a command does bracket optional ones, and its help builder is not public in this version): the rows are
/// rewritten the way the usage line writes them, <c>get &lt;KIND&gt; [&lt;ID&gt;]</c>, the descriptions realigned.
/// </summary>
internal static class HelpText
{
    public static string ShowOptionalArguments(string help, Command command)
    {
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(command);
        var lines = help.Split('\n');
        var section = Array.FindIndex(lines, static l => l.TrimEnd('\r') == "Commands:");
        if (section < 0)
        {
            return help;
        }

        // Each row: "  LABEL  DESCRIPTION", LABEL being the name and one word per visible argument, in order.
        var rows = new List<(int Line, string Label, string Description)>();
        var end = section + 1;
        for (; end < lines.Length && lines[end].StartsWith("  ", StringComparison.Ordinal); end++)
        {
            var line = lines[end].TrimEnd('\r');
            var sub = command.Subcommands.FirstOrDefault(c => line.StartsWith("  " + c.Name + " ", StringComparison.Ordinal) || line == "  " + c.Name);
            if (sub is null)
            {
                continue;
            }

            var gap = line.IndexOf("  ", 2, StringComparison.Ordinal);
            var label = gap < 0 ? line[2..] : line[2..gap];
            var words = label.Split(' ');
            var visible = sub.Arguments.Where(static a => !a.Hidden).ToList();
            var rewritten = new StringBuilder(words[0]);
            for (var i = 1; i < words.Length; i++)
            {
                var optional = i - 1 < visible.Count && visible[i - 1].Arity.MinimumNumberOfValues == 0 && !words[i].StartsWith('[');
                rewritten.Append(' ').Append(optional ? $"[{words[i]}]" : words[i]);
            }

            rows.Add((end, rewritten.ToString(), gap < 0 ? "" : line[gap..].TrimStart()));
        }

        if (rows.Count == 0)
        {
            return help;
        }

        var width = rows.Max(static r => r.Label.Length) + 2;
        var indent = -1;
        for (var i = section + 1; i < end; i++)
        {
            var row = rows.FindIndex(r => r.Line == i);
            if (row >= 0)
            {
                var (_, label, description) = rows[row];
                indent = lines[i].Length - description.Length;
                lines[i] = description.Length == 0 ? "  " + label : "  " + label.PadRight(width) + description;
            }
            else if (indent > 0)
            {
                // a description wrapped onto the next line: indented to the description column
                lines[i] = new string(' ', 2 + width) + lines[i].TrimStart();
            }
        }

        return string.Join('\n', lines);
    }
}
