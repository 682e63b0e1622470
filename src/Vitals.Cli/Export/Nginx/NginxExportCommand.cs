using System.CommandLine;
using System.Globalization;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Export.Nginx;

/// <summary>
/// <c>vitals export nginx [POOL] [--context http|stream] [--standalone [--bind ADDR] [--pid PATH] [--load-module PATH]…]
/// [--watch FILE [--reload-pidfile PIDFILE] [--interval SECONDS]]</c>: the pools as nginx upstreams that follow Vitals'
/// verdicts (docs/load-balancers.md, docs/cli.md).
/// </summary>
internal static class NginxExportCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var pool = new Argument<string?>("POOL") { Description = "One pool (its id or name); without it, every pool.", Arity = ArgumentArity.ZeroOrOne };
        var context = new Option<string?>("--context")
        {
            Description = "http: HTTP, HTTPS and GRPC pools, for http { }; stream: TCP, UDP, TLS and QUIC pools, for stream { } (default http, or the named pool's).",
            HelpName = "http|stream",
        };
        context.AcceptOnlyFromAmong("http", "stream");
        var standalone = new Option<bool>("--standalone")
        {
            Description = "Write a whole nginx.conf (events, http and stream, one server per listener) that runs from a directory of its own: nginx -p DIR -c FILE.",
        };
        var bind = new Option<string>("--bind") { Description = "With --standalone: the address every listener binds, at the listener's port.", DefaultValueFactory = _ => "127.0.0.1" };
        var pid = new Option<string>("--pid") { Description = "With --standalone: nginx's pid file, relative to the prefix (-p) unless absolute.", DefaultValueFactory = _ => "nginx.pid" };
        var loadModule = new Option<string[]>("--load-module")
        {
            Description = "With --standalone: a module to load first, e.g. /usr/lib/nginx/modules/ngx_stream_module.so where stream is dynamic (Debian). Repeatable.",
            HelpName = "path",
        };
        var watch = new Option<string?>("--watch") { Description = "Keep FILE current instead of printing once: rewritten atomically when the export changes.", HelpName = "FILE" };
        var reloadPidfile = new Option<string?>("--reload-pidfile") { Description = "With --watch: send SIGHUP to the nginx whose pid this file holds after each change.", HelpName = "PIDFILE" };
        var interval = new Option<double>("--interval") { Description = "With --watch: seconds between polls (events from the server act at once).", DefaultValueFactory = _ => 1, HelpName = "seconds" };
        var nginx = new Command("nginx", "Write pools as nginx upstream blocks that follow Vitals' verdicts (down on members out of rotation).");
        nginx.Arguments.Add(pool);
        foreach (var option in new Option[] { context, standalone, bind, pid, loadModule, watch, reloadPidfile, interval })
        {
            nginx.Options.Add(option);
        }

        remote.AddTo(nginx, withOutput: false);
        nginx.SetAction(async (parseResult, cancellationToken) =>
        {
            var stderr = parseResult.InvocationConfiguration.Error;
            var settings = new Settings(parseResult.GetValue(pool), parseResult.GetValue(context), parseResult.GetValue(standalone),
                parseResult.GetValue(bind)!, parseResult.GetValue(pid)!, parseResult.GetValue(loadModule) ?? [], parseResult.GetValue(watch),
                parseResult.GetValue(reloadPidfile), parseResult.GetValue(interval));
            if (settings.Validate() is { } usage)
            {
                await stderr.WriteLineAsync($"error: {usage}");
                return ExitCodes.InvalidUsage;
            }

            return await RemoteRunner.RunAsync(parseResult, remote, (remoteContext, token) => RunAsync(remoteContext, settings, token), cancellationToken);
        });
        return nginx;
    }

    private static async Task<int> RunAsync(RemoteContext context, Settings settings, CancellationToken cancellationToken)
    {
        var selection = new NginxSelection(settings.Pool, settings.Context switch
        {
            "http" => NginxContext.Http,
            "stream" => NginxContext.Stream,
            _ => null,
        }, settings.Standalone);
        var standalone = settings.Standalone ? new NginxStandalone(settings.Bind, settings.Pid, settings.LoadModules) : null;
        if (settings.Watch is { } file)
        {
            var reloader = settings.ReloadPidfile is { } pidFile ? new NginxReloader(pidFile) : null;
            var watch = new NginxWatch(context, selection, standalone, file, reloader, TimeSpan.FromSeconds(settings.Interval), TimeProvider.System);
            return await watch.RunAsync(cancellationToken);
        }

        var (fleet, error, missing) = await NginxFleetReader.ReadAsync(context.Client, selection, cancellationToken);
        if (fleet is null)
        {
            await context.Stderr.WriteLineAsync($"error: {error}");
            return missing ? ExitCodes.CheckFailed : ExitCodes.InvalidUsage;
        }

        await context.Stdout.WriteAsync(NginxConfig.Render(fleet, selection, standalone, context.Client.Config.Server));
        return ExitCodes.Success;
    }

    /// <summary>The command line, checked before any request.</summary>
    private sealed record Settings(string? Pool, string? Context, bool Standalone, string Bind, string Pid, string[] LoadModules, string? Watch,
        string? ReloadPidfile, double Interval)
    {
        public string? Validate()
        {
            if (Standalone && Context is not null)
            {
                return "--context does not go with --standalone, which writes both contexts";
            }

            if (!NginxStandalone.IsAddress(Bind))
            {
                return $"--bind '{Bind}' is not an IP address";
            }

            foreach (var (name, value) in LoadModules.Select(static m => ("--load-module", m)).Append(("--pid", Pid)))
            {
                if (!IsBareWord(value))
                {
                    return $"{name} '{value}' must be a path without spaces, quotes, '#', ';', '{{' or '}}'";
                }
            }

            if (ReloadPidfile is not null && Watch is null)
            {
                return "--reload-pidfile goes with --watch FILE";
            }

            if (Interval is < 0.2 or > 3600 || double.IsNaN(Interval))
            {
                return $"--interval must be from 0.2 to 3600 seconds (got {Interval.ToString(CultureInfo.InvariantCulture)})";
            }

            if (Watch is { } file)
            {
                if (file.Length == 0 || Directory.Exists(file))
                {
                    return $"--watch '{file}' must be a file path";
                }

                var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                if (directory is null || !Directory.Exists(directory))
                {
                    return $"--watch '{file}': the directory {directory} does not exist";
                }
            }

            return null;
        }

        /// <summary>A word nginx reads as one argument: no quoting needed, nothing that ends or comments a directive.</summary>
        private static bool IsBareWord(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '#' or ';' or '{' or '}' or '\\' or '$')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
