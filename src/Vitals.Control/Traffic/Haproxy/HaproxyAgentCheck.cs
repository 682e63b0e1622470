using System.Net;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// The agent-check options of a server added at runtime: HAProxy connects to <see cref="Address"/>:<see cref="Port"/>
/// every <see cref="Interval"/>, sends <see cref="Send"/> and applies the line it reads back.
/// </summary>
/// <param name="Address">Where the agent listens.</param>
/// <param name="Port">The agent's port.</param>
/// <param name="Send">
/// The string sent to the agent. HAProxy 2.6's CLI has no quoting and turns <c>\n</c> into a plain <c>n</c>, so a
/// runtime-added server's agent-send cannot end with a line feed (a configuration file's can): the value is limited to
/// identifier characters and the agent must answer without waiting for a line end.
/// </param>
/// <param name="Interval">agent-inter: the time between two agent checks.</param>
public sealed record HaproxyAgentCheck(IPAddress Address, int Port, string Send, TimeSpan Interval);
