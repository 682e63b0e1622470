using System.CommandLine;

namespace Vitals.Cli.Remote;

/// <summary>The options of every command that talks to a running server: where, with which token, and how to print.</summary>
internal sealed class RemoteOptions
{
    private static readonly string[] CommonFormats = ["table", "json", "yaml"];

    /// <summary>The options with <c>-o table|json|yaml</c>.</summary>
    public RemoteOptions()
        : this(CommonFormats)
    {
    }

    /// <summary>The options with <c>-o</c> taking <paramref name="formats"/> (the first is the default).</summary>
    public RemoteOptions(string[] formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        Output = CreateOutput(formats);
    }

    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = "Server URL (else VITALS_SERVER, else the context's or the config file's server:, else http://127.0.0.1:8080).",
        HelpName = "url",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Project token (else VITALS_TOKEN, else the context's or the config file's token:).",
        HelpName = "token",
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "Context of the config file to use (else VITALS_CONTEXT, else current-context: in the file).",
        HelpName = "name",
    };

    public Option<string> Output { get; }

    public Option<int> RequestTimeout { get; } = new("--request-timeout")
    {
        Description = "Seconds one request to the server may take.",
        HelpName = "seconds",
        DefaultValueFactory = static _ => 30,
    };

    public void AddTo(Command command, bool withOutput = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Server);
        command.Options.Add(Token);
        if (!command.Options.Any(o => string.Equals(o.Name, Context.Name, StringComparison.Ordinal)))
        {
            // `export nginx` has a --context of its own (http|stream): there the CLI context comes from VITALS_CONTEXT or
            // the file. Two options of one name would break parsing for every command of the tree.
            command.Options.Add(Context);
        }
        if (withOutput)
        {
            command.Options.Add(Output);
        }

        command.Options.Add(RequestTimeout);
        RequestTimeout.Validators.Add(static result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600)
            {
                result.AddError("--request-timeout must be from 1 to 3600 seconds");
            }
        });
    }

    private static Option<string> CreateOutput(string[] formats)
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = formats.Length == 3 ? "table for people; json or yaml for scripts."
                : "table for people (wide: more columns; name: kind/name lines); json or yaml for scripts.",
            HelpName = string.Join('|', formats),
            DefaultValueFactory = static _ => "table",
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }
}
