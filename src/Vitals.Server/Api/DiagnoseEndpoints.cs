using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Vitals.Control.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Diagnostics;
using Vitals.Probes;

namespace Vitals.Server.Api;

/// <summary>
/// <c>POST /api/v1/members/{id}/diagnose?budget=15</c>: the troubleshooting checklist (docs/diagnose.md) run against a
/// member with its pool's monitor and the engine's recent results as history. It only probes: the backend and any
/// firewall are left as they are. Project-scoped like every member path (404 for another project's member).
/// </summary>
public static class DiagnoseEndpoints
{
    public const int DefaultBudgetSeconds = 15;

    /// <summary>An HTTP request is held open for the whole diagnosis, so the budget stays well under proxy timeouts.</summary>
    public const int MaxBudgetSeconds = 60;

    public static RouteGroupBuilder MapDiagnoseEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGroup("/").RequireCaller().WithTags("Health").MapPost("/members/{id}/diagnose", DiagnoseAsync);
        return api;
    }

    private static async Task<IResult> DiagnoseAsync(string id, string? budget, HttpContext context, LiveHealthReader health,
        IProber prober, TargetPolicy targets, TimeProvider time, CancellationToken cancellationToken)
    {
        var seconds = DefaultBudgetSeconds;
        if (budget is not null && (!int.TryParse(budget, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
            || seconds is < 1 or > MaxBudgetSeconds))
        {
            return ApiProblems.Validation("budget", $"must be an integer from 1 to {MaxBudgetSeconds} (got '{budget}')");
        }

        var caller = context.GetCaller();
        if (health.FindMemberWithPool(caller.Scope, id) is not var (member, pool, found))
        {
            return ApiProblems.NotFound("member", id);
        }

        if (found is not { } monitor)
        {
            return ApiProblems.Conflict("healthmonitor_id", $"pool '{member.PoolId}' has no health monitor: there is no check to diagnose");
        }

        // Diagnosis probes the member's address in several ways: never one the target policy denies (a member stored
        // before the policy, or by a node with another one).
        var address = IPAddress.Parse(member.Address);
        if (targets.Check(address).Refusal is { } refusal)
        {
            return ApiProblems.Conflict("address", refusal);
        }

        var request = new DiagnosisRequest
        {
            Address = address,
            Port = member.ProtocolPort,
            Spec = monitor.Spec,
            // The member's port is where the listener forwards traffic (the listener's own port is the front end), so
            // a monitor_port that differs from it is what PORT_MISMATCH compares.
            BackendPort = null,
            History = health.GetHistory(member.Id),
            GrpcOverTls = pool is { } group && group.Protocol.GrpcOverTls(),
            Budget = TimeSpan.FromSeconds(seconds),
        };
        var diagnosis = await new Diagnoser(prober, time).DiagnoseAsync(request, cancellationToken);
        return Results.Content(ToJson(member.Id, diagnosis).ToJsonString(), "application/json");
    }

    /// <summary>The shape of <c>vitals diagnose -o json</c>, plus the member id.</summary>
    public static JsonObject ToJson(string memberId, Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        var findings = new JsonArray();
        foreach (var finding in diagnosis.Findings)
        {
            findings.Add(new JsonObject
            {
                ["cause"] = finding.Cause,
                ["verdict"] = finding.Verdict.ToWire(),
                ["check"] = finding.Check,
                ["evidence"] = finding.Evidence.DeepClone(),
                ["advice"] = finding.Advice,
                ["nlb_reason_code"] = finding.NlbReasonCode,
                ["check_code"] = finding.CheckCode,
            });
        }

        var notChecked = new JsonArray();
        foreach (var note in diagnosis.NotChecked)
        {
            notChecked.Add(JsonValue.Create(note));   // not Add<T>: that asks a reflection resolver the server does not have
        }

        return new JsonObject
        {
            ["member_id"] = memberId,
            ["target"] = diagnosis.Target,
            ["type"] = diagnosis.Type,
            ["checked_at"] = diagnosis.CheckedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["elapsed_ms"] = Math.Round(diagnosis.Elapsed.TotalMilliseconds, 1),
            ["verdict"] = diagnosis.Verdict.ToWire(),
            ["findings"] = findings,
            ["not_checked"] = notChecked,
        };
    }
}
