using System.Net;

namespace Vitals.Control.Traffic;

/// <summary>Settings of the agent-check responder (<c>vitals serve --agent-listen</c>).</summary>
public sealed class AgentResponderOptions
{
    /// <summary>The longest request read (HAProxy's <c>agent-send</c>: a member id and a newline); longer is refused.</summary>
    public const int MaxRequestBytes = 128;

    /// <summary>Where it listens (checked with <see cref="AgentListenAddress"/>); port 0 picks a free port.</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>
    /// How long to wait for the request: HAProxy sends its <c>agent-send</c> string as soon as it is connected, so a
    /// request that has not come by then is taken as none (a server without <c>agent-send</c>) and answered with the line
    /// that changes nothing.
    /// </summary>
    /// <value>200 ms</value>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Connections served at once; more wait in the kernel's accept queue.</summary>
    /// <value>256</value>
    public int MaxConnections { get; init; } = 256;
}
