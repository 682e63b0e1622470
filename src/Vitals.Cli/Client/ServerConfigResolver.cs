using System.Diagnostics.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace Vitals.Cli.Client;

/// <summary>
/// Finds the server and token the way kubectl and the cloud CLIs do, each value on its own: the flag, else the
/// environment (<c>VITALS_SERVER</c>, <c>VITALS_TOKEN</c>), else the config file (<c>$VITALS_CONFIG</c>, else
/// <c>$XDG_CONFIG_HOME/vitals/config.yaml</c>, else <c>~/.config/vitals/config.yaml</c>, with <c>server:</c> and
/// <c>token:</c>), else the server <c>http://127.0.0.1:8080</c> (the default of <c>vitals serve</c>) and no token.
/// </summary>
internal static class ServerConfigResolver
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    public static bool TryResolve(string? serverFlag, string? tokenFlag, Func<string, string?> environment,
        [NotNullWhen(true)] out ServerConfig? config, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(environment);
        config = null;
        var envServer = NonEmpty(environment("VITALS_SERVER"));
        var envToken = NonEmpty(environment("VITALS_TOKEN"));
        string? fileServer = null, fileToken = null;
        var path = ConfigPath(environment);
        var needFile = (serverFlag ?? envServer) is null || (tokenFlag ?? envToken) is null;
        if (needFile && path is not null && File.Exists(path) && !TryReadFile(path, out fileServer, out fileToken, out error))
        {
            return false;
        }

        var (server, source) = serverFlag is not null ? (serverFlag, "--server")
            : envServer is not null ? (envServer, "VITALS_SERVER")
            : fileServer is not null ? (fileServer, path!)
            : (DefaultServer, "the default");
        if (!Uri.TryCreate(server.Contains("://", StringComparison.Ordinal) ? server : "http://" + server, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"server: must be an http or https URL such as http://127.0.0.1:8080 (got '{server}' from {source})";
            return false;
        }

        config = new ServerConfig(uri, tokenFlag ?? envToken ?? fileToken, source);
        error = null;
        return true;
    }

    /// <summary>The config file to read, or null when no home directory is known.</summary>
    public static string? ConfigPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (NonEmpty(environment("VITALS_CONFIG")) is { } explicitPath)
        {
            return explicitPath;
        }

        var configHome = NonEmpty(environment("XDG_CONFIG_HOME"))
            ?? (NonEmpty(environment("HOME")) is { } home ? Path.Combine(home, ".config") : null);
        return configHome is null ? null : Path.Combine(configHome, "vitals", "config.yaml");
    }

    private static bool TryReadFile(string path, out string? server, out string? token, [NotNullWhen(false)] out string? error)
    {
        server = null;
        token = null;
        error = null;
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
                return false;
            }

            foreach (var (key, value) in root.Children)
            {
                var name = (key as YamlScalarNode)?.Value;
                var text = NonEmpty((value as YamlScalarNode)?.Value);
                switch (name)
                {
                    case "server": server = text; break;
                    case "token": token = text; break;
                    default:
                        error = $"{path}: unknown key '{name}' (allowed: server, token)";
                        return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            error = $"{path}: cannot be read: {e.Message}";
            return false;
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
