using Vitals.Control.Traffic;

namespace Vitals.Server;

public sealed partial class VitalsServerOptions
{
    /// <summary>
    /// Where the HAProxy agent-check responder listens (ADDRESS:PORT, loopback or a private address only: the agent
    /// protocol is unauthenticated); null: no responder. See docs/load-balancers.md, "Agent check".
    /// </summary>
    /// <value>null</value>
    public string? AgentListen { get; set; }

    /// <summary>The responder's options, or null when <see cref="AgentListen"/> is not set (or not valid).</summary>
    internal AgentResponderOptions? AgentResponder() =>
        AgentListenAddress.TryParse(AgentListen, out var endPoint, out _) ? new AgentResponderOptions { Listen = endPoint } : null;
}
