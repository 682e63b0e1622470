using System.CommandLine;

namespace Vitals.Cli.Remote;

/// <summary>The options of every command that talks to a running server: where, with which token, and how to print.</summary>
internal sealed class RemoteOptions
{
    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = "Server URL (else VITALS_SERVER, else server: in the config file, else http://127.0.0.1:8080).",
        HelpName = "url",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Project token (else VITALS_TOKEN, else token: in the config file).",
        HelpName = "token",
    };

    public Option<string> Output { get; } = CreateOutput();

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

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "table for people; json or yaml for scripts.",
            HelpName = "table|json|yaml",
            DefaultValueFactory = static _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json", "yaml");
        return option;
    }
}
