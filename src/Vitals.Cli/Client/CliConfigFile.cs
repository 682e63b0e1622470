using System.Diagnostics.CodeAnalysis;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Vitals.Cli.Client;

/// <summary>
/// The CLI's config file: a default <c>server:</c> and <c>token:</c>, named <c>contexts:</c> (each a server and a token)
/// and the <c>current-context:</c> used when no flag or variable chooses one. Written back by <c>vitals config</c>,
/// 0600 in a 0700 directory (it holds tokens).
/// </summary>
internal sealed class CliConfigFile
{
    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public string? Server { get; set; }

    public string? Token { get; set; }

    public string? CurrentContext { get; set; }

    /// <summary>The contexts by name, in the order the file lists them.</summary>
    public List<CliContext> Contexts { get; } = [];

    public CliContext? Find(string name) => Contexts.Find(c => c.Name == name);

    /// <summary>Reads <paramref name="path"/>; a file that does not exist is an empty configuration.</summary>
    public static bool TryLoad(string path, [NotNullWhen(true)] out CliConfigFile? file, [NotNullWhen(false)] out string? error)
    {
        file = new CliConfigFile();
        error = null;
        if (!File.Exists(path))
        {
            return true;
        }

        try
        {
            using var reader = new StreamReader(path);
            var yaml = new YamlStream();
            yaml.Load(reader);
            if (yaml.Documents.Count == 0)
            {
                return true;
            }

            if (yaml.Documents[0].RootNode is not YamlMappingNode root)
            {
                error = $"{path}: must be a mapping with server: and token:";
                file = null;
                return false;
            }

            foreach (var (key, value) in root.Children)
            {
                var name = (key as YamlScalarNode)?.Value;
                switch (name)
                {
                    case "server": file.Server = Scalar(value); break;
                    case "token": file.Token = Scalar(value); break;
                    case "current-context": file.CurrentContext = Scalar(value); break;
                    case "contexts" when value is YamlMappingNode contexts:
                        foreach (var (contextKey, contextValue) in contexts.Children)
                        {
                            if (!TryReadContext(path, (contextKey as YamlScalarNode)?.Value ?? "", contextValue, out var context, out error))
                            {
                                file = null;
                                return false;
                            }

                            file.Contexts.Add(context);
                        }

                        break;
                    case "contexts":
                        error = $"{path}: contexts: must be a mapping of names to server: and token:";
                        file = null;
                        return false;
                    default:
                        error = $"{path}: unknown key '{name}' (allowed: server, token, current-context, contexts)";
                        file = null;
                        return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            error = $"{path}: cannot be read: {e.Message}";
            file = null;
            return false;
        }
    }

    /// <summary>Writes the file through a temporary one renamed over it, 0600, its directory created 0700 when missing.</summary>
    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, options))
        {
            writer.Write(ToYaml());
        }

        File.Move(temp, path, overwrite: true);
    }

    public string ToYaml()
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        Put(root, "server", Server);
        Put(root, "token", Token);
        Put(root, "current-context", CurrentContext);
        if (Contexts.Count > 0)
        {
            var contexts = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var context in Contexts)
            {
                var entry = new Dictionary<string, object>(StringComparer.Ordinal);
                Put(entry, "server", context.Server);
                Put(entry, "token", context.Token);
                contexts[context.Name] = entry;
            }

            root["contexts"] = contexts;
        }

        return Yaml.Serialize(root);
    }

    /// <summary>1 to 64 letters, digits, '.', '-' or '_'.</summary>
    public static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static bool TryReadContext(string path, string name, YamlNode node, [NotNullWhen(true)] out CliContext? context,
        [NotNullWhen(false)] out string? error)
    {
        context = null;
        if (!IsValidName(name))
        {
            error = $"{path}: context name '{name}' must be 1 to 64 letters, digits, '.', '-' or '_'";
            return false;
        }

        if (node is not YamlMappingNode mapping)
        {
            error = $"{path}: context '{name}' must be a mapping with server: and token:";
            return false;
        }

        string? server = null, token = null;
        foreach (var (key, value) in mapping.Children)
        {
            switch ((key as YamlScalarNode)?.Value)
            {
                case "server": server = Scalar(value); break;
                case "token": token = Scalar(value); break;
                case var other:
                    error = $"{path}: context '{name}': unknown key '{other}' (allowed: server, token)";
                    return false;
            }
        }

        context = new CliContext(name, server, token);
        error = null;
        return true;
    }

    private static void Put(Dictionary<string, object> map, string key, string? value)
    {
        if (value is not null)
        {
            map[key] = value;
        }
    }

    private static string? Scalar(YamlNode node) =>
        (node as YamlScalarNode)?.Value is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
