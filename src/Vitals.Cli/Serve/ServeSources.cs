namespace Vitals.Cli.Serve;

/// <summary>Which source a setting came from, strongest first (a flag beats the environment, which beats the file).</summary>
internal enum SettingLayer
{
    None,
    Environment,
    File,
}

/// <summary>
/// Where <c>vitals serve</c> reads a setting the command line does not give: the environment variable
/// (<c>VITALS_</c> and the flag in upper snake case), else the configuration file's key (the flag without its dashes).
/// </summary>
internal sealed class ServeSources
{
    public ServeSources(Func<string, string?> environment, ServeConfigFile? file = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        File = file;
    }

    public Func<string, string?> Environment { get; }

    public ServeConfigFile? File { get; }

    /// <summary>The environment variable of a flag: <c>--max-in-flight</c> → <c>VITALS_MAX_IN_FLIGHT</c>.</summary>
    public static string VariableOf(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        return "VITALS_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();
    }

    /// <summary>The file's key of a variable: <c>VITALS_MAX_IN_FLIGHT</c> → <c>max-in-flight</c>.</summary>
    public static string KeyOf(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return variable["VITALS_".Length..].Replace('_', '-').ToLowerInvariant();
    }

    /// <summary>
    /// The value of <paramref name="variable"/> when it is set (even empty), else of its key in the file; with
    /// where it came from, for messages: <c>$VITALS_TICK</c> or <c>tick in /etc/vitals/vitals.yaml</c>.
    /// </summary>
    public (string? Value, string Origin, SettingLayer Layer) Get(string variable)
    {
        if (Environment(variable) is { } value)
        {
            return (value, $"${variable}", SettingLayer.Environment);
        }

        var key = KeyOf(variable);
        return File is not null && File.Values.TryGetValue(key, out var text)
            ? (text, $"{key} in {File.Path}", SettingLayer.File)
            : (null, "", SettingLayer.None);
    }

    /// <summary>The value alone (see <see cref="Get"/>).</summary>
    public string? Value(string variable) => Get(variable).Value;
}
