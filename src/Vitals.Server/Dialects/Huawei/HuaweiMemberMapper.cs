using Vitals.Control.Health;
using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>Native member + live health → Huawei Member object.</summary>
internal static class HuaweiMemberMapper
{
    /// <param name="member">The stored member.</param>
    /// <param name="health">The live engine view of the member.</param>
    /// <param name="monitor">The pool's monitor, for <c>expected_response</c>.</param>
    /// <param name="listenerId">The listener forwarding to the pool, if any: its entry in <c>status</c>.</param>
    public static HuaweiMemberDto ToDto(Member member, LiveHealthReader health, HealthMonitor? monitor, string? listenerId)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(health);
        var live = health.GetMember(ProjectScope.Of(member.ProjectId), member.Id);
        var (status, reason) = HuaweiOperatingStatus.Of(live, monitor?.Spec.ExpectedCodes.Text, member.AdminStateUp);
        HuaweiMemberStatusDto[] perListener = listenerId is null ? [] : [new HuaweiMemberStatusDto(listenerId, status, reason)];
        return new HuaweiMemberDto(
            member.Id,
            member.Name,
            member.ProjectId,
            member.PoolId,
            member.Address,
            member.ProtocolPort,
            member.Weight,
            member.AdminStateUp,
            "",
            member.Address.Contains(':', StringComparison.Ordinal) ? "v6" : "v4",
            status,
            perListener,
            reason,
            member.InstanceId is null ? "ip" : "instance",
            member.InstanceId ?? "",
            HuaweiTime.Format(member.CreatedAt),
            HuaweiTime.Format(member.UpdatedAt));
    }
}
