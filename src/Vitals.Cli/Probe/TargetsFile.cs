using Vitals.Core.Validation;

namespace Vitals.Cli.Probe;

/// <summary>
/// Reads a targets file: one <c>ADDRESS:PORT</c> (IP literal) per line; blank lines and <c>#</c> comments,
/// whole-line or trailing, are ignored. Made for 100,000 lines: one read, span parsing, no per-line strings
/// except the ones a bad line is reported with.
/// </summary>
internal static class TargetsFile
{
    public const string Field = "targets_file";

    /// <summary>Line errors reported before the rest are only counted.</summary>
    private const int MaxLineErrors = 20;

    /// <summary>The targets in file order, or null after adding the problems to <paramref name="errors"/>.</summary>
    public static List<TargetAddress>? Read(FileInfo file, FieldErrorList errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(Field, $"cannot read '{file}': {ex.Message}");
            return null;
        }

        return Parse(text, file.ToString(), errors);
    }

    public static List<TargetAddress>? Parse(string text, string name, FieldErrorList errors)
    {
        var targets = new List<TargetAddress>();
        var firstLine = new Dictionary<TargetAddress, int>();
        var lineErrors = 0;
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine;
            var hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            line = line.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            string? error;
            if (!TargetAddress.TryParseLiteral(line, out var target, out error))
            {
                error = $"{error} (got '{Output.TerminalText.Escape(line.ToString())}'; expected {TargetAddress.Expected})";
            }
            else if (!firstLine.TryAdd(target, lineNumber))
            {
                error = $"{target} is already on line {firstLine[target]}";
            }
            else
            {
                targets.Add(target);
                continue;
            }

            if (++lineErrors <= MaxLineErrors)
            {
                errors.Add(Field, $"{name} line {lineNumber}: {error}");
            }
        }

        if (lineErrors > MaxLineErrors)
        {
            errors.Add(Field, $"{name}: {lineErrors - MaxLineErrors} more bad lines");
        }

        if (lineErrors == 0 && targets.Count == 0)
        {
            errors.Add(Field, $"{name} has no targets");
        }

        return lineErrors == 0 && targets.Count > 0 ? targets : null;
    }
}
