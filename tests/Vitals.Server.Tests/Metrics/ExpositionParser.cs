using System.Globalization;
using System.Text;

namespace Vitals.Server.Tests.Metrics;

/// <summary>One sample of a scrape: its metric name, labels (unescaped) and value.</summary>
public sealed record ExpositionSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string this[string label] => Labels[label];
}

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, written for the tests so they check our writer against the
/// specification rather than against itself: every family starts with one <c># HELP</c> and one <c># TYPE</c>, its
/// samples follow without interruption, names and label names are valid, label values use only the three escapes,
/// values parse as Go floats, no series repeats, the text ends with a newline. Any deviation throws.
/// </summary>
public static class ExpositionParser
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static (IReadOnlyList<ExpositionSample> Samples, IReadOnlyDictionary<string, string> Types) Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition does not end with a newline");
        }

        var samples = new List<ExpositionSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var seriesSeen = new HashSet<string>(StringComparer.Ordinal);
        string? family = null;
        var lineNumber = 0;
        foreach (var line in text[..^1].Split('\n'))
        {
            lineNumber++;
            try
            {
                if (line.StartsWith("# HELP ", StringComparison.Ordinal))
                {
                    var (name, _) = SplitOnce(line[7..]);
                    RequireName(name);
                    if (!helped.Add(name))
                    {
                        throw new FormatException($"second HELP for {name}");
                    }

                    family = name;
                }
                else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    var (name, type) = SplitOnce(line[7..]);
                    if (name != family || types.ContainsKey(name) || !Types.Contains(type))
                    {
                        throw new FormatException($"TYPE {name} {type} out of place or unknown");
                    }

                    types[name] = type;
                }
                else if (line.StartsWith('#') || line.Length == 0)
                {
                    throw new FormatException("unexpected comment or blank line");
                }
                else
                {
                    var sample = ParseSample(line);
                    if (family is null || !types.TryGetValue(family, out var type) || !BelongsTo(sample.Name, family, type))
                    {
                        throw new FormatException($"sample {sample.Name} outside its family (current: {family})");
                    }

                    var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)
                        .Select(l => l.Key + "=" + l.Value)) + "}";
                    if (!seriesSeen.Add(key))
                    {
                        throw new FormatException($"duplicate series {key}");
                    }

                    samples.Add(sample);
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {lineNumber}: {e.Message}: {line}", e);
            }
        }

        return (samples, types);
    }

    private static bool BelongsTo(string sample, string family, string type) =>
        sample == family
        || (type == "histogram" && (sample == family + "_bucket" || sample == family + "_sum" || sample == family + "_count"))
        || (type == "summary" && (sample == family + "_sum" || sample == family + "_count"));

    private static ExpositionSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        RequireName(name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var labelName = line[i..eq];
                RequireName(labelName, label: true);
                if (line[eq + 1] != '"')
                {
                    throw new FormatException("label value not quoted");
                }

                var value = new StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"bad escape \\{line[j]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException($"label {labelName} twice");
                }

                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
                else if (line[i] != '}')
                {
                    throw new FormatException("expected , or }");
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException("no value");
        }

        var text = line[(i + 1)..];
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !text.Contains(' ', StringComparison.Ordinal)
                ? v
                : throw new FormatException($"bad value '{text}'"),
        };
        return new ExpositionSample(name, labels, number);
    }

    private static (string First, string Remainder) SplitOnce(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..]);
    }

    private static void RequireName(string name, bool label = false)
    {
        var valid = name.Length > 0 && !char.IsAsciiDigit(name[0]);
        foreach (var c in name)
        {
            valid &= char.IsAsciiLetterOrDigit(c) || c == '_' || (!label && c == ':');
        }

        if (!valid || (label && name.StartsWith("__", StringComparison.Ordinal)))
        {
            throw new FormatException($"invalid {(label ? "label" : "metric")} name '{name}'");
        }
    }
}
