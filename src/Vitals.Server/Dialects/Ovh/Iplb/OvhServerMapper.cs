using System.Globalization;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>Native member + live engine state → OVH farm server with its <c>serverState</c> (ovh-iplb.md §2.1-2.2, §3).</summary>
internal static class OvhServerMapper
{
    /// <summary>
    /// One Vitals process checks every member, so each server has one <c>serverState</c> row, from instance 1, the
    /// only row of <c>instancesState</c>.
    /// </summary>
    public const long InstanceId = 1;

    private const int MaxContentLength = 256;

    public static object ToDto(string kind, Member member, long farmId, HealthMonitor? monitor, LiveHealthReader health)
    {
        ArgumentNullException.ThrowIfNull(member);
        var probe = monitor is { Spec.AdminStateUp: true };
        var ssl = monitor?.Spec.Type is HealthMonitorType.Https or HealthMonitorType.Tls;
        var state = State(member, monitor, probe, health.GetMember(ProjectScope.Of(member.ProjectId), member.Id));
        var displayName = member.Name.Length == 0 ? null : member.Name;
        var status = member.AdminStateUp ? "active" : "inactive";
        if (kind == OvhFarmKind.Udp)
        {
            return new OvhUdpServerDto(member.NumericId, farmId, member.Address, member.ProtocolPort, displayName, status);
        }

        return kind == OvhFarmKind.Http
            ? new OvhHttpServerDto(member.NumericId, farmId, member.Address, member.ProtocolPort, displayName, status, member.Weight, probe, false,
                ssl, null, null, null, null, [state])
            : new OvhTcpServerDto(member.NumericId, farmId, member.Address, member.ProtocolPort, displayName, status, member.Weight, probe, false,
                ssl, null, null, null, [state]);
    }

    /// <summary>HAProxy's vocabulary: <c>UP</c>, <c>DOWN</c>, <c>UP 1/3</c> while failures count toward DOWN, <c>MAINT</c>, <c>NOLB</c>, <c>no check</c>.</summary>
    public static OvhServerStateDto State(Member member, HealthMonitor? monitor, bool probe, MemberLiveHealth? live)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!probe || live is null)
        {
            return new OvhServerStateDto(InstanceId, member.AdminStateUp ? "no check" : "MAINT", null, null, null, null);
        }

        var rise = monitor!.Spec.MaxRetries;
        var fall = monitor.Spec.MaxRetriesDown;
        var status = !member.AdminStateUp ? "MAINT" : live.State switch
        {
            HealthState.Healthy => live.ConsecutiveFailures > 0 ? $"UP {live.ConsecutiveFailures}/{fall}" : "UP",
            HealthState.Unhealthy => live.ConsecutivePasses > 0 ? $"DOWN {live.ConsecutivePasses}/{rise}" : "DOWN",
            HealthState.Initial => live.ConsecutivePasses > 0 ? $"DOWN {live.ConsecutivePasses}/{rise}" : "DOWN",
            HealthState.Unused => "NOLB",
            _ => "no check",
        };
        if (live.LastCheckedAt is not { } checkedAt)
        {
            return new OvhServerStateDto(InstanceId, status, null, "INI", null, null);
        }

        return new OvhServerStateDto(
            InstanceId,
            status,
            live.Last?.StatusCode?.ToString(CultureInfo.InvariantCulture),
            live.Last?.CheckCode.ToWire() ?? "UNK",
            Content(live.Last),
            Time(checkedAt));
    }

    /// <summary>OVH's datetime rendering: ISO 8601 with an offset (UTC here).</summary>
    public static string Time(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The first line of the answer, or, when nothing was read, HAProxy's status line (the error).</summary>
    private static string? Content(ProbeResult? last)
    {
        var text = last?.Content is { Length: > 0 } content ? content : last?.CheckStatus;
        if (text is null)
        {
            return null;
        }

        var end = text.IndexOfAny(['\r', '\n']);
        var line = end >= 0 ? text[..end] : text;
        return line.Length > MaxContentLength ? line[..MaxContentLength] : line;
    }
}
