using System.Globalization;
using System.Text.Json;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Resources;
using Vitals.Server.Dialects.Alibaba.Rpc;
using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Dialects.Alibaba.Nlb;

/// <summary>
/// NLB <c>GetListenerHealthStatus</c> (2022-04-30, alibaba-nlb.md §5): the listener's server groups and their servers
/// that are not healthy, read live from the coordinator's catalog and the engine. Pages over the flattened
/// (server group id, member numeric id) pairs with a keyset token, so a fleet that changes between pages never makes
/// a server appear twice or be skipped.
/// </summary>
internal sealed class GetListenerHealthStatusOperation(LiveHealthReader health, FleetService fleet) : IAlibabaOperation
{
    public const string ApiVersion = "2022-04-30";
    public const int DefaultMaxResults = 20;
    public const int MaxMaxResults = 100;

    public string Version => ApiVersion;

    public string Action => "GetListenerHealthStatus";

    public async ValueTask<AlibabaOutcome> RunAsync(AlibabaCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (AlibabaParameters.RequiredId(call, "ListenerId", out var listenerIdText) is { } badId)
        {
            return badId;
        }

        if (AlibabaParameters.Int(call, "MaxResults", 1, MaxMaxResults, DefaultMaxResults, out var maxResults) is { } badMax)
        {
            return badMax;
        }

        if (AlibabaParameters.OptionalId(call, "RegionId", out var regionId) is { } badRegion)
        {
            return badRegion;
        }

        if (ParseListenerId(listenerIdText) is not var (listenerId, port))
        {
            return AlibabaError.Invalid("ListenerId", "expected lsn-<id> or lsn-<id>@<port>.");
        }

        (string Group, long NumericId)? after = null;
        var nextToken = call.Parameter("NextToken");
        if (!string.IsNullOrEmpty(nextToken))
        {
            if (!AlibabaPageToken.TryDecode(nextToken, listenerId, out var group, out var numericId))
            {
                return AlibabaError.Invalid("NextToken", "pass the NextToken of the previous answer for this listener, unchanged.");
            }

            after = (group, numericId);
        }

        var scope = ProjectScope.Of(call.ProjectId);
        var listener = health.FindListener(scope, listenerId);
        if (listener is null || (port is { } p && p != listener.ProtocolPort))
        {
            return NotFound(listenerIdText);
        }

        if (regionId is not null)
        {
            var loadBalancer = await fleet.GetLoadBalancerAsync(call.ProjectId, listener.LoadBalancerId, cancellationToken);
            if (!loadBalancer.IsSuccess || !string.Equals(loadBalancer.Value.Region, regionId, StringComparison.Ordinal))
            {
                return NotFound(listenerIdText);
            }
        }

        var response = BuildPage(scope, call.RequestId, listenerIdText, listener, after, maxResults);
        return AlibabaOutcome.Ok(JsonSerializer.SerializeToUtf8Bytes(response, AlibabaJsonContext.Default.GetListenerHealthStatusResponse));
    }

    private GetListenerHealthStatusResponse BuildPage(ProjectScope scope, string requestId, string listenerIdText, Listener listener, (string Group, long NumericId)? after,
        int maxResults)
    {
        var groups = new List<(string Id, bool HealthCheckEnabled, List<Member> NonNormal)>(1);
        var total = 0;
        if (listener.DefaultPoolId is { } poolId && health.GetPoolStates(scope, poolId) is { } found)
        {
            var nonNormal = new List<Member>();
            foreach (var (member, state) in found.Members)
            {
                if (state != HealthState.Healthy)
                {
                    nonNormal.Add(member);
                }
            }

            nonNormal.Sort(static (a, b) => a.NumericId.CompareTo(b.NumericId));
            total += nonNormal.Count;
            groups.Add((found.Pool.Id, found.HealthCheckEnabled, nonNormal));
        }

        groups.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var infos = new List<NlbServerGroupInfo>(groups.Count);
        var taken = 0;
        var more = false;
        (string Group, long NumericId)? last = null;
        foreach (var (groupId, healthCheckEnabled, nonNormal) in groups)
        {
            var servers = new List<NlbNonNormalServer>();
            foreach (var member in nonNormal)
            {
                if (after is { } a && Compare(groupId, member.NumericId, a) <= 0)
                {
                    continue;
                }

                if (taken == maxResults)
                {
                    more = true;
                    break;
                }

                // Read as the list shows it now; a member deleted since the states were read is left out.
                if (health.GetListedMember(scope, member.Id) is { } live)
                {
                    servers.Add(Server(live, healthCheckEnabled));
                }

                last = (groupId, member.NumericId);
                taken++;
            }

            // A group with nothing on this page still shows on the first page, so its HeathCheckEnabled is seen.
            if (servers.Count > 0 || after is null)
            {
                infos.Add(new NlbServerGroupInfo(healthCheckEnabled, groupId, servers));
            }

            if (more)
            {
                break;
            }
        }

        var next = more && last is { } l ? AlibabaPageToken.Encode(listener.Id, l.Group, l.NumericId) : "";
        var status = new NlbListenerHealthStatus(listenerIdText, listener.ProtocolPort, NlbMapper.Protocol(listener.Protocol), infos);
        return new GetListenerHealthStatusResponse(requestId, [status], total, next, maxResults);
    }

    private static NlbNonNormalServer Server(MemberLiveHealth live, bool healthCheckEnabled)
    {
        var member = live.Member;
        return new NlbNonNormalServer(member.InstanceId ?? member.Address, member.Address, member.ProtocolPort,
            NlbMapper.Status(live, healthCheckEnabled), NlbMapper.Reason(live));
    }

    private static int Compare(string group, long numericId, (string Group, long NumericId) key)
    {
        var byGroup = string.CompareOrdinal(group, key.Group);
        return byGroup != 0 ? byGroup : numericId.CompareTo(key.NumericId);
    }

    /// <summary><c>lsn-…</c> or <c>lsn-…@port</c> (the form of current SDK examples).</summary>
    private static (string Id, int? Port)? ParseListenerId(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return (text, null);
        }

        var id = text[..at];
        return id.Length > 0 && int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535
            ? (id, port)
            : null;
    }

    private static AlibabaError NotFound(string listenerId) =>
        new(AlibabaErrorCodes.ResourceNotFoundListener, $"The specified resource listener \"{listenerId}\" is not found.");
}
