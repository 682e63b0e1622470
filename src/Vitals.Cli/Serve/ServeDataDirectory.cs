namespace Vitals.Cli.Serve;

/// <summary>
/// Where <c>vitals serve</c> keeps its data when no <c>--data-dir</c>, <c>$VITALS_DATA_DIR</c> or <c>data-dir:</c> says:
/// never the working directory (a checkout would show it untracked, and it holds tokens' hashes and the secrets key).
/// </summary>
internal static class ServeDataDirectory
{
    public const string ServicePath = "/var/lib/vitals";

    /// <summary>
    /// Under systemd, <c>$STATE_DIRECTORY</c> (the unit's <c>StateDirectory=</c>, its first entry), else
    /// <see cref="ServicePath"/> when started by systemd at all (<c>$INVOCATION_ID</c>); otherwise
    /// <c>$XDG_DATA_HOME/vitals</c>, else <c>~/.local/share/vitals</c>. With where the choice came from, for the start line.
    /// </summary>
    public static (string Path, string Origin) Default(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (NonEmpty(environment("STATE_DIRECTORY")) is { } state)
        {
            return (state.Split(':')[0], "$STATE_DIRECTORY");
        }

        if (NonEmpty(environment("INVOCATION_ID")) is not null)
        {
            return (ServicePath, "systemd service");
        }

        if (NonEmpty(environment("XDG_DATA_HOME")) is { } dataHome && Path.IsPathFullyQualified(dataHome))
        {
            return (Path.Combine(dataHome, "vitals"), "$XDG_DATA_HOME");
        }

        return NonEmpty(environment("HOME")) is { } home
            ? (Path.Combine(home, ".local", "share", "vitals"), "default")
            : (ServicePath, "default, no $HOME");
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
