using System.CommandLine;
using Vitals.Server;

namespace Vitals.Cli.Serve;

/// <summary>
/// Where <c>vitals serve</c> takes the admin token from: <c>--admin-token-file</c> or <c>--admin-token</c> (not both), else
/// <c>$VITALS_ADMIN_TOKEN</c> (or <c>$VITALS_ADMIN_TOKEN_FILE</c>), else the configuration file. The flag is readable by every local user in <c>ps</c> and <c>/proc/PID/cmdline</c>; the
/// file and the variable are not. Messages never repeat the token.
/// </summary>
internal static class AdminTokenSettings
{
    /// <summary>The token, or null for none; adds a usage error for a conflict, an unreadable file or a short token.</summary>
    public static string? Read(ParseResult parseResult, ServeOptions options, ServeSources sources, List<string> errors) =>
        Read(parseResult, options, sources, errors, out _);

    /// <summary>
    /// The token, or null for none, and the file it was read from (for <see cref="LooseModeWarning"/>). The strongest
    /// layer that names one wins: the flags, then <c>$VITALS_ADMIN_TOKEN_FILE</c>/<c>$VITALS_ADMIN_TOKEN</c>, then the
    /// configuration file's <c>admin-token-file</c>/<c>admin-token</c>; a token and a file in one layer are a usage error.
    /// </summary>
    public static string? Read(ParseResult parseResult, ServeOptions options, ServeSources sources, List<string> errors, out string? tokenFile)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(errors);
        tokenFile = null;
        var flag = parseResult.GetValue(options.AdminToken);
        var file = parseResult.GetValue(options.AdminTokenFile);
        string tokenSource = "--admin-token", fileSource = "--admin-token-file";
        if (flag is null && file is null)
        {
            var fromToken = sources.Get(ServeOptions.AdminTokenVariable);
            var fromFile = sources.Get(ServeOptions.AdminTokenFileVariable);
            // The stronger layer alone: a token in the environment beats a token file in the configuration file.
            var layer = (SettingLayer)Math.Min(Rank(fromToken.Layer), Rank(fromFile.Layer));
            (flag, tokenSource) = fromToken.Layer == layer ? (fromToken.Value, fromToken.Origin) : (null, "");
            (file, fileSource) = fromFile.Layer == layer && !string.IsNullOrEmpty(fromFile.Value) ? (fromFile.Value, fromFile.Origin) : (null, "");
            if (string.IsNullOrEmpty(flag))
            {
                flag = null; // an empty variable is the same as none
            }
        }

        if (flag is not null && file is not null)
        {
            errors.Add($"{tokenSource} and {fileSource}: give one of them");
            return null;
        }

        string source;
        string? token;
        if (file is not null)
        {
            source = fileSource;
            tokenFile = file;
            if (!TryReadFile(file, out token, out var error))
            {
                errors.Add($"{fileSource}: {error}");
                return null;
            }
        }
        else if (flag is not null)
        {
            (source, token) = (tokenSource, flag);
        }
        else
        {
            return null;
        }

        if (token.Length < VitalsServerOptions.MinAdminTokenLength)
        {
            errors.Add($"{source}: the admin token must be at least {VitalsServerOptions.MinAdminTokenLength} characters (got {token.Length}); "
                + "e.g. openssl rand -base64 32");
            return null;
        }

        if (token.Trim().Length != token.Length)
        {
            errors.Add($"{source}: the admin token must not start or end with white space");
            return null;
        }

        return token;
    }

    // None ranks last, so that Min picks the strongest layer that says something.
    private static int Rank(SettingLayer layer) => layer == SettingLayer.None ? int.MaxValue : (int)layer;

    /// <summary>A warning when the token file may be read by other users (group or others have any permission bit).</summary>
    public static string? LooseModeWarning(string? file)
    {
        if (file is null || OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var loose = File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
            return loose == UnixFileMode.None
                ? null
                : $"warning: --admin-token-file {file} is accessible to other users (mode {Octal(File.GetUnixFileMode(file))}): chmod 600 it";
        }
        catch (IOException)
        {
            return null; // read a moment ago; a file gone since is not worth a second message
        }
    }

    private static bool TryReadFile(string file, out string token, out string error)
    {
        token = "";
        try
        {
            var info = new FileInfo(file);
            if (info.Exists && info.Length > 4096)
            {
                error = $"{file} is larger than 4096 bytes: it should hold the token only";
                return false;
            }

            // One line: the newline an editor or `echo` adds at the end is not part of the token.
            token = File.ReadAllText(file).TrimEnd('\n', '\r');
            error = "";
            if (token.Contains('\n', StringComparison.Ordinal))
            {
                error = $"{file} holds more than one line: it should hold the token only";
                return false;
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {file}: {ex.Message}";
            return false;
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
