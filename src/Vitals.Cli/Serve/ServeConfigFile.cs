using YamlDotNet.RepresentationModel;

namespace Vitals.Cli.Serve;

/// <summary>
/// The configuration file of <c>vitals serve</c> (<c>--config FILE</c>, else the first of
/// <c>$XDG_CONFIG_HOME/vitals/vitals.yaml</c> (<c>~/.config/vitals/vitals.yaml</c>) and <c>/etc/vitals/vitals.yaml</c>):
/// one YAML mapping whose keys are the command's flags without their dashes (<c>listen: 127.0.0.1:8080</c>,
/// <c>max-in-flight: 2000</c>); a list (<c>allow-targets: [10.0.0.0/8, 192.168.0.0/16]</c>) is the same as its items
/// separated by commas. Environment variables override it and flags override both.
/// </summary>
internal sealed class ServeConfigFile
{
    public const string FileName = "vitals.yaml";

    public const string SystemPath = "/etc/vitals/vitals.yaml";

    private ServeConfigFile(string path, IReadOnlyDictionary<string, string> values)
    {
        Path = path;
        Values = values;
    }

    /// <summary>The file's full path, as messages name it.</summary>
    public string Path { get; }

    /// <summary>Each key's text: a scalar as written, a list joined with commas.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>
    /// Where the file is when <c>--config</c> is absent: the user's configuration directory, then <see cref="SystemPath"/>;
    /// null when neither exists.
    /// </summary>
    public static string? FindDefault(Func<string, string?> environment, Func<string, bool> exists)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(exists);
        var configHome = NonEmpty(environment("XDG_CONFIG_HOME"))
            ?? (NonEmpty(environment("HOME")) is { } home ? System.IO.Path.Combine(home, ".config") : null);
        if (configHome is not null && System.IO.Path.Combine(configHome, "vitals", FileName) is var user && exists(user))
        {
            return user;
        }

        return exists(SystemPath) ? SystemPath : null;
    }

    /// <summary>
    /// Reads <paramref name="path"/>, adding every unknown key and bad value to <paramref name="errors"/>; null when it
    /// cannot be read or is not a mapping.
    /// </summary>
    public static ServeConfigFile? Read(string path, ICollection<string> knownKeys, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(knownKeys);
        ArgumentNullException.ThrowIfNull(errors);
        var full = System.IO.Path.GetFullPath(path);
        YamlStream yaml;
        try
        {
            using var reader = new StreamReader(full);
            yaml = new YamlStream();
            yaml.Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            errors.Add($"--config: cannot read {full}: {e.Message}");
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new ServeConfigFile(full, values);
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add($"{full}: must be a mapping of settings (listen: ..., data-dir: ...)");
            return null;
        }

        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var where = $"{full}:{keyNode.Start.Line}";
            if (!knownKeys.Contains(key))
            {
                errors.Add($"{where}: unknown setting '{key}' (known: {string.Join(", ", knownKeys.Order(StringComparer.Ordinal))})");
                continue;
            }

            switch (valueNode)
            {
                case YamlScalarNode scalar:
                    values[key] = scalar.Value ?? "";
                    break;
                case YamlSequenceNode list when list.Children.All(static item => item is YamlScalarNode):
                    values[key] = string.Join(',', list.Children.Select(static item => ((YamlScalarNode)item).Value ?? ""));
                    break;
                default:
                    errors.Add($"{where}: '{key}' must be a value or a list of values");
                    break;
            }
        }

        // With the problems in errors, the good keys still count: their own errors are listed with these.
        return new ServeConfigFile(full, values);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
