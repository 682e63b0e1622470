namespace Vitals.Server.Dialects.Alibaba.Nlb;

// GetListenerHealthStatus on the wire (alibaba-nlb.md §5.2). The property names are the JSON keys the SDK models bind,
// including the SDK's own spelling "HeathCheckEnabled": a corrected name would be silently dropped by every client.

/// <summary>The answer of <c>GetListenerHealthStatus</c>.</summary>
internal sealed record GetListenerHealthStatusResponse(
    string RequestId, IReadOnlyList<NlbListenerHealthStatus> ListenerHealthStatus, int TotalCount, string NextToken, int MaxResults);

/// <summary>One listener and its server groups.</summary>
internal sealed record NlbListenerHealthStatus(string ListenerId, int ListenerPort, string ListenerProtocol, IReadOnlyList<NlbServerGroupInfo> ServerGroupInfos);

/// <summary>A server group and its servers that are not healthy (on this page).</summary>
internal sealed record NlbServerGroupInfo(bool HeathCheckEnabled, string ServerGroupId, IReadOnlyList<NlbNonNormalServer> NonNormalServers);

/// <summary>A server that is not healthy: Initial, Unhealthy, Unused or Unavailable.</summary>
internal sealed record NlbNonNormalServer(string ServerId, string ServerIp, int Port, string Status, NlbReason? Reason);

/// <summary>Why the last check failed, in NLB's reason vocabulary.</summary>
internal sealed record NlbReason(string ReasonCode);
