using System.Globalization;
using System.Text;

namespace Vitals.Control.Instances;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4, the subset node_exporter emits: <c># HELP</c> and
/// <c># TYPE</c> lines, other comments, samples with optional labels (escaped <c>\\ \" \n</c>), values including
/// <c>NaN</c> and <c>±Inf</c>, and an optional millisecond timestamp. A bad line is recorded and skipped, never thrown:
/// the text comes from a machine we monitor, not from us.
/// </summary>
internal static class PrometheusTextParser
{
    private const int MaxErrors = 20;

    /// <param name="text">The exposition text.</param>
    /// <param name="names">When given, only samples with these metric names are kept (the rest are not even split into labels).</param>
    public static PrometheusExposition Parse(string text, IReadOnlySet<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        var lineNumber = 0;
        foreach (var range in text.AsSpan().Split('\n'))
        {
            lineNumber++;
            var line = text.AsSpan(range.Start.Value, range.End.Value - range.Start.Value).TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.IsEmpty)
            {
                continue;
            }

            if (trimmed[0] == '#')
            {
                ReadComment(trimmed, types, help);
                continue;
            }

            var error = ReadSample(trimmed, names, samples);
            if (error is not null && errors.Count < MaxErrors)
            {
                errors.Add($"line {lineNumber}: {error}");
            }
        }

        return new PrometheusExposition(samples, types, help, errors);
    }

    private static void ReadComment(ReadOnlySpan<char> line, Dictionary<string, string> types, Dictionary<string, string> help)
    {
        var rest = line[1..].TrimStart();
        var isHelp = rest.StartsWith("HELP ");
        if (!isHelp && !rest.StartsWith("TYPE "))
        {
            return;
        }

        rest = rest[5..].TrimStart();
        var space = rest.IndexOfAny(' ', '\t');
        var name = (space < 0 ? rest : rest[..space]).ToString();
        var value = space < 0 ? [] : rest[(space + 1)..];
        if (isHelp)
        {
            help[name] = UnescapeHelp(value);
        }
        else
        {
            types[name] = value.Trim().ToString();
        }
    }

    private static string? ReadSample(ReadOnlySpan<char> line, IReadOnlySet<string>? names, List<PrometheusSample> samples)
    {
        var nameLength = 0;
        while (nameLength < line.Length && IsNameChar(line[nameLength], nameLength == 0))
        {
            nameLength++;
        }

        if (nameLength == 0)
        {
            return "expected a metric name";
        }

        var name = line[..nameLength].ToString();
        if (names is not null && !names.Contains(name))
        {
            return null;
        }

        var rest = line[nameLength..];
        IReadOnlyList<KeyValuePair<string, string>> labels = [];
        if (!rest.IsEmpty && rest[0] == '{')
        {
            var error = ReadLabels(ref rest, out var parsed);
            if (error is not null)
            {
                return error;
            }

            labels = parsed;
        }

        rest = rest.TrimStart();
        var end = rest.IndexOfAny(' ', '\t');
        var valueText = end < 0 ? rest : rest[..end];
        if (!TryParseValue(valueText, out var value))
        {
            return $"\"{valueText}\" is not a sample value";
        }

        long? timestamp = null;
        if (end >= 0)
        {
            var timestampText = rest[end..].Trim();
            if (!timestampText.IsEmpty)
            {
                if (!long.TryParse(timestampText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
                {
                    return $"\"{timestampText}\" is not a timestamp";
                }

                timestamp = ms;
            }
        }

        samples.Add(new PrometheusSample(name, labels, value, timestamp));
        return null;
    }

    private static string? ReadLabels(ref ReadOnlySpan<char> rest, out List<KeyValuePair<string, string>> labels)
    {
        labels = [];
        var i = 1;
        var value = new StringBuilder();
        while (true)
        {
            while (i < rest.Length && rest[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < rest.Length && rest[i] == '}')
            {
                rest = rest[(i + 1)..];
                return null;
            }

            var start = i;
            while (i < rest.Length && IsLabelNameChar(rest[i], i == start))
            {
                i++;
            }

            if (i == start)
            {
                return "expected a label name";
            }

            var labelName = rest[start..i].ToString();
            while (i < rest.Length && rest[i] is ' ' or '\t')
            {
                i++;
            }

            if (i + 1 >= rest.Length || rest[i] != '=' || rest[i + 1] != '"')
            {
                return $"expected =\"…\" after label {labelName}";
            }

            i += 2;
            value.Clear();
            var closed = false;
            while (i < rest.Length)
            {
                var c = rest[i++];
                if (c == '"')
                {
                    closed = true;
                    break;
                }

                if (c == '\\' && i < rest.Length)
                {
                    var escaped = rest[i++];
                    if (escaped == 'n')
                    {
                        value.Append('\n');
                    }
                    else if (escaped is '\\' or '"')
                    {
                        value.Append(escaped);
                    }
                    else
                    {
                        // Not an escape the format defines: keep both characters rather than guess.
                        value.Append('\\').Append(escaped);
                    }

                    continue;
                }

                value.Append(c);
            }

            if (!closed)
            {
                return $"unterminated value of label {labelName}";
            }

            labels.Add(new KeyValuePair<string, string>(labelName, value.ToString()));
            while (i < rest.Length && rest[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < rest.Length && rest[i] == ',')
            {
                i++;
            }
            else if (i >= rest.Length || rest[i] != '}')
            {
                return "expected , or } in the label set";
            }
        }
    }

    private static bool TryParseValue(ReadOnlySpan<char> text, out double value)
    {
        if (text.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (text.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || text.Equals("Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (text.Equals("-Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static string UnescapeHelp(ReadOnlySpan<char> text)
    {
        if (!text.Contains('\\'))
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is 'n' or '\\')
            {
                builder.Append(text[++i] == 'n' ? '\n' : '\\');
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (!first && c is >= '0' and <= '9');

    private static bool IsLabelNameChar(char c, bool first) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (!first && c is >= '0' and <= '9');
}
