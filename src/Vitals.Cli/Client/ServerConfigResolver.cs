using System.Diagnostics.CodeAnalysis;

namespace Vitals.Cli.Client;

/// <summary>
/// Finds the server and token the way kubectl and the cloud CLIs do, each value on its own: the flag, else the
/// environment (<c>VITALS_SERVER</c>, <c>VITALS_TOKEN</c>), else the chosen context of the config file (<c>--context</c>,
/// else <c>VITALS_CONTEXT</c>, else the file's <c>current-context:</c>), else the file's own <c>server:</c> and
/// <c>token:</c>, else the server <c>http://127.0.0.1:8080</c> (the default of <c>vitals serve</c>) and no token. The
/// file is <c>$VITALS_CONFIG</c>, else <c>$XDG_CONFIG_HOME/vitals/config.yaml</c>, else <c>~/.config/vitals/config.yaml</c>.
/// </summary>
internal static class ServerConfigResolver
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    public static bool TryResolve(string? serverFlag, string? tokenFlag, Func<string, string?> environment,
        [NotNullWhen(true)] out ServerConfig? config, [NotNullWhen(false)] out string? error) =>
        TryResolve(serverFlag, tokenFlag, null, environment, out config, out error);

    public static bool TryResolve(string? serverFlag, string? tokenFlag, string? contextFlag, Func<string, string?> environment,
        [NotNullWhen(true)] out ServerConfig? config, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(environment);
        config = null;
        var envServer = NonEmpty(environment("VITALS_SERVER"));
        var envToken = NonEmpty(environment("VITALS_TOKEN"));
        var contextName = NonEmpty(contextFlag) ?? NonEmpty(environment("VITALS_CONTEXT"));
        var path = ConfigPath(environment);
        var file = new CliConfigFile();
        var needFile = (serverFlag ?? envServer) is null || (tokenFlag ?? envToken) is null || contextName is not null;
        if (needFile && path is not null && !CliConfigFile.TryLoad(path, out file, out error))
        {
            return false;
        }

        contextName ??= file.CurrentContext;
        CliContext? context = null;
        if (contextName is not null && (context = file.Find(contextName)) is null)
        {
            error = $"context '{contextName}' is not in {path ?? "the config file"} (`vitals config get-contexts` lists them)";
            return false;
        }

        var (server, source) = serverFlag is not null ? (serverFlag, "--server")
            : envServer is not null ? (envServer, "VITALS_SERVER")
            : context?.Server is not null ? (context.Server, $"context {context.Name} in {path}")
            : file.Server is not null ? (file.Server, path!)
            : (DefaultServer, "the default");
        if (!TryParseServer(server, out var uri))
        {
            error = $"server: must be an http or https URL such as http://127.0.0.1:8080 (got '{server}' from {source})";
            return false;
        }

        config = new ServerConfig(uri, tokenFlag ?? envToken ?? context?.Token ?? file.Token, source);
        error = null;
        return true;
    }

    /// <summary>An http or https URL; a server given without a scheme gets <c>http://</c>.</summary>
    public static bool TryParseServer(string server, [NotNullWhen(true)] out Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (Uri.TryCreate(server.Contains("://", StringComparison.Ordinal) ? server : "http://" + server, UriKind.Absolute, out uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return true;
        }

        uri = null;
        return false;
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

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
