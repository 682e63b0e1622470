using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vitals.Core.Traffic;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// One runtime API command with the answer that means success. Built only through the factories below, which
/// validate every name and number, so no caller writes command text by hand.
/// </summary>
/// <param name="Text">The command line, without line end.</param>
/// <param name="SuccessReply">
/// The exact answer that means success: empty for <c>set server</c> and friends (HAProxy answers nothing when all went
/// well, a message on error or warning), <c>New server registered.</c> for <c>add server</c>, <c>Server deleted.</c>
/// for <c>del server</c>; null for reads, whose answer is data.
/// </param>
public readonly record struct HaproxyCommand(string Text, string? SuccessReply)
{
    /// <summary>The answer of a successful <c>add server</c>.</summary>
    public const string ServerRegistered = "New server registered.";

    /// <summary>The answer of a successful <c>del server</c>.</summary>
    public const string ServerDeleted = "Server deleted.";

    /// <summary>True when <paramref name="answer"/> is this command's success (always for a read).</summary>
    public bool IsSuccess(string answer) => SuccessReply is null || string.Equals(answer, SuccessReply, StringComparison.Ordinal);

    public static HaproxyCommand ShowVersion() => new("show version", null);

    /// <summary><c>show backend</c>: a <c># name</c> header, then every backend's name, one per line.</summary>
    public static HaproxyCommand ShowBackends() => new("show backend", null);

    /// <summary><c>show servers state [backend]</c>: every backend when <paramref name="backend"/> is null.</summary>
    public static HaproxyCommand ShowServersState(string? backend)
    {
        if (backend is null)
        {
            return new("show servers state", null);
        }

        ThrowIfInvalid(backend, "backend", nameof(backend));
        return new("show servers state " + backend, null);
    }

    public static HaproxyCommand SetHealth(string backend, string server, HaproxyHealth health) =>
        SetServer(backend, server, health switch
        {
            HaproxyHealth.Up => "health up",
            HaproxyHealth.Stopping => "health stopping",
            HaproxyHealth.Down => "health down",
            _ => throw new ArgumentOutOfRangeException(nameof(health), health, "unknown health"),
        });

    public static HaproxyCommand SetState(string backend, string server, HaproxyAdminState state) =>
        SetServer(backend, server, state switch
        {
            HaproxyAdminState.Ready => "state ready",
            HaproxyAdminState.Drain => "state drain",
            HaproxyAdminState.Maint => "state maint",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown state"),
        });

    /// <summary><c>set server … agent up|down</c>: only for servers with an agent check (HAProxy refuses it otherwise).</summary>
    public static HaproxyCommand SetAgent(string backend, string server, bool up) =>
        SetServer(backend, server, up ? "agent up" : "agent down");

    /// <summary>An absolute weight, 0 to 256 (HAProxy's range); a static algorithm only takes 0 and the initial weight.</summary>
    public static HaproxyCommand SetWeight(string backend, string server, int weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 256);
        return SetServer(backend, server, "weight " + weight.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A weight relative to the server's initial weight, 0 to 100 percent (the agent check's own scale).</summary>
    public static HaproxyCommand SetWeightPercent(string backend, string server, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        return SetServer(backend, server, "weight " + percent.ToString(CultureInfo.InvariantCulture) + "%");
    }

    public static HaproxyCommand EnableHealth(string backend, string server) => OnServer("enable health", backend, server);

    public static HaproxyCommand DisableHealth(string backend, string server) => OnServer("disable health", backend, server);

    /// <summary><c>enable agent</c>: HAProxy answers an error when the server has no agent check.</summary>
    public static HaproxyCommand EnableAgent(string backend, string server) => OnServer("enable agent", backend, server);

    /// <summary><c>disable agent</c>: succeeds (does nothing) on a server without an agent check.</summary>
    public static HaproxyCommand DisableAgent(string backend, string server) => OnServer("disable agent", backend, server);

    public static HaproxyCommand ShutdownSessions(string backend, string server) => OnServer("shutdown sessions server", backend, server);

    /// <summary><c>del server</c>: HAProxy only deletes a server in maintenance with no connection left.</summary>
    public static HaproxyCommand DeleteServer(string backend, string server) => OnServer("del server", backend, server) with { SuccessReply = ServerDeleted };

    /// <summary>
    /// <c>add server backend/server addr:port weight N [agent-check …]</c> (HAProxy ≥ 2.5; the backend needs a dynamic
    /// algorithm such as roundrobin or leastconn). The server starts in maintenance: follow with <see cref="SetState"/>
    /// ready (or drain). No <c>check</c>: Vitals' verdict is the health.
    /// </summary>
    public static HaproxyCommand AddServer(string backend, string server, IPAddress address, int port, int weight, HaproxyAgentCheck? agent = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 256);
        var text = string.Create(CultureInfo.InvariantCulture, $"add server {Target(backend, server)} {Address(address)}:{port} weight {weight}");
        if (agent is not null)
        {
            ArgumentNullException.ThrowIfNull(agent.Address, nameof(agent));
            if (agent.Port is < 1 or > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(agent), agent.Port, "the agent port must be between 1 and 65535");
            }

            if (agent.Interval < TimeSpan.FromMilliseconds(1) || agent.Interval > TimeSpan.FromDays(1))
            {
                throw new ArgumentOutOfRangeException(nameof(agent), agent.Interval, "the agent interval must be between 1 ms and 1 day");
            }

            ThrowIfInvalid(agent.Send, "agent-send", nameof(agent));
            text += string.Create(CultureInfo.InvariantCulture,
                $" agent-check agent-addr {agent.Address} agent-port {agent.Port} agent-inter {(long)agent.Interval.TotalMilliseconds} agent-send {agent.Send}");
        }

        return new(text, ServerRegistered);
    }

    /// <summary>
    /// A command text of the caller's own, for <see cref="HaproxyRuntimeClient.ExecuteAsync"/>: one command, no line
    /// break, no unescaped <c>;</c> (which would make it two commands and shift every answer after it). Null when
    /// acceptable, else why not.
    /// </summary>
    public static string? CheckRaw(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the command is empty";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                return "the command contains a line break or another control character";
            }

            if (c == '\\')
            {
                i++;
            }
            else if (c == ';')
            {
                return "the command contains ';', HAProxy's command separator: send one command per entry (or escape it as \\;)";
            }
        }

        return text.TrimEnd().EndsWith("<<", StringComparison.Ordinal)
            ? "the command ends with '<<', which starts a payload"
            : null;
    }

    private static HaproxyCommand SetServer(string backend, string server, string action) =>
        new("set server " + Target(backend, server) + " " + action, string.Empty);

    private static HaproxyCommand OnServer(string verb, string backend, string server) =>
        new(verb + " " + Target(backend, server), string.Empty);

    private static string Target(string backend, string server)
    {
        ThrowIfInvalid(backend, "backend", nameof(backend));
        ThrowIfInvalid(server, "server", nameof(server));
        return backend + "/" + server;
    }

    private static string Address(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    private static void ThrowIfInvalid(string? name, string what, string parameter)
    {
        if (HaproxyNames.Check(name, what) is { } error)
        {
            throw new ArgumentException(error, parameter);
        }
    }
}
