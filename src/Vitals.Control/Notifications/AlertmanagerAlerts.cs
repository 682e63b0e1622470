using Vitals.Control.Traffic;
using Vitals.Core.Probing;
using Vitals.Core.Traffic;

namespace Vitals.Control.Notifications;

/// <summary>
/// Turns a pool's rotation into the alerts it should have firing: one <c>VitalsMemberDown</c> per member out of rotation
/// (and per member a panic keeps in rotation although its checks fail: it is down for the people on call), and one
/// <c>VitalsPoolPanic</c> while the pool is in panic. Keys are stable per member and per pool.
/// </summary>
internal static class AlertmanagerAlerts
{
    public const string MemberDown = "VitalsMemberDown";

    public const string PoolPanic = "VitalsPoolPanic";

    /// <summary>The key of a pool's panic alert (member keys are member ids).</summary>
    public static string PanicKey(string poolId) => "panic:" + poolId;

    /// <summary>Whether the member counts as down for alerting: out of rotation for failing, or kept only by a panic.</summary>
    public static bool IsDown(in MemberRotation member) =>
        member.Rotation.State == RotationState.Down || member.Rotation.KeptByPanic;

    /// <summary>Adds the pool's alerts to <paramref name="into"/> by key; <paramref name="now"/> starts an alert whose begin is unknown.</summary>
    public static void Collect(PoolRotation pool, Uri? publicUrl, DateTimeOffset now, Dictionary<string, AlertmanagerAlert> into)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(into);
        var record = pool.Pool;
        var console = publicUrl is null ? null : new Uri(publicUrl, "console/").ToString();
        foreach (var member in pool.Members)
        {
            if (IsDown(member))
            {
                into[member.Member.Id] = Member(pool, member, console, now);
            }
        }

        if (pool.Panic is { } panic)
        {
            var labels = new Dictionary<string, string>(5, StringComparer.Ordinal)
            {
                ["alertname"] = PoolPanic,
                ["severity"] = "warning",
                ["project"] = record.ProjectId,
                ["loadbalancer"] = record.LoadBalancerId,
                ["pool"] = record.Id,
            };
            var annotations = Annotations(
                $"Pool {NameOf(record.Name, record.Id)} is in panic: failing members are kept in rotation", panic.Reason, console);
            into[PanicKey(record.Id)] = new AlertmanagerAlert(labels, annotations, pool.DecidedAt, null, console);
        }
    }

    private static AlertmanagerAlert Member(PoolRotation pool, MemberRotation member, string? console, DateTimeOffset now)
    {
        var record = member.Member;
        var reason = member.Rotation.Reason;
        var address = record.Address.Contains(':', StringComparison.Ordinal)
            ? $"[{record.Address}]:{record.ProtocolPort}"
            : $"{record.Address}:{record.ProtocolPort}";
        var labels = new Dictionary<string, string>(9, StringComparer.Ordinal)
        {
            ["alertname"] = MemberDown,
            ["severity"] = "critical",
            ["project"] = record.ProjectId,
            ["loadbalancer"] = pool.Pool.LoadBalancerId,
            ["pool"] = pool.Pool.Id,
            ["member"] = record.Id,
            ["member_name"] = record.Name,
            ["address"] = address,
            ["reason_code"] = reason.ToWire() ?? "UNKNOWN",
        };
        var kept = member.Rotation.KeptByPanic ? " (kept in rotation by the pool's panic)" : "";
        var summary = $"Member {NameOf(record.Name, record.Id)} ({address}) of pool {NameOf(pool.Pool.Name, pool.Pool.Id)} fails its checks{kept}";
        var description = member.Detail is { Length: > 0 } detail ? detail : reason.Describe();
        var startsAt = member.Since == default ? now : member.Since;
        return new AlertmanagerAlert(labels, Annotations(summary, description, console), startsAt, null, console);
    }

    private static Dictionary<string, string> Annotations(string summary, string description, string? console)
    {
        var annotations = new Dictionary<string, string>(3, StringComparer.Ordinal)
        {
            ["summary"] = summary,
            ["description"] = description,
        };
        if (console is not null)
        {
            annotations["console"] = console;
        }

        return annotations;
    }

    private static string NameOf(string name, string id) => name.Length > 0 ? $"{name} ({id})" : id;
}
