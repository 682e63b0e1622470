using Vitals.Core.Health;
using Vitals.Core.Notifications;
using Vitals.Core.Probing;

namespace Vitals.Core.Tests.Notifications;

/// <summary>Pools, members and changes for the notification tests.</summary>
internal static class Fleet
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    public static PoolRef Pool(string id = "sgp-1") =>
        new("prj-1", "shop", "lb-1", "edge", "lsn-1", "https", id, "web-" + id);

    public static MemberRef Member(PoolRef pool, int n) =>
        new(pool, $"mbr-{pool.PoolId}-{n}", $"web{n}", $"10.0.{n / 250}.{(n % 250) + 1}", 8080);

    public static MemberChange Down(MemberRef member, DateTimeOffset at) =>
        new(member, HealthState.Healthy, HealthState.Unhealthy, at, ReasonCode.ConnectFailed, CheckCode.L4Con,
            "The connection was refused.", []);

    public static MemberChange Up(MemberRef member, DateTimeOffset at) =>
        new(member, HealthState.Unhealthy, HealthState.Healthy, at, ReasonCode.None, CheckCode.L4Ok, null, []);
}
