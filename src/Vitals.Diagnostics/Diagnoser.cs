using Vitals.Core.Monitoring;
using Vitals.Diagnostics.Checks;
using Vitals.Probes;

namespace Vitals.Diagnostics;

/// <summary>
/// Runs the troubleshooting checklist (docs/diagnose.md) against one backend with real, bounded probes and explains
/// why its health check fails, most likely cause first. It only connects and sends the check's own requests: it never
/// changes the backend or any firewall. The CLI calls it with options; the server with a member and its history.
/// </summary>
public sealed class Diagnoser
{
    private readonly IProber _prober;
    private readonly TimeProvider _timeProvider;

    // In checklist order: each reads what the earlier ones gathered (layer 4, then the check itself, then layers 6-7).
    private readonly IDiagnosticCheck[] _checks =
    [
        new SettingsCheck(),
        new ConnectivityCheck(),
        new PortMismatchCheck(),
        new ListenAddressCheck(),
        new FirewallCheck(),
        new HealthCheckRun(),
        new TlsCheck(),
        new HttpStatusCheck(),
        new HostHeaderCheck(),
        new ResponseCheck(),
        new LatencyCheck(),
    ];

    public Diagnoser(IProber prober, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _prober = prober;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Diagnoses <paramref name="request"/> within its budget. Never throws for a misbehaving backend; throws
    /// <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<Diagnosis> DiagnoseAsync(DiagnosisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        var checkedAt = _timeProvider.GetUtcNow();
        var context = new DiagnosisContext(request, _prober, _timeProvider, cancellationToken);
        foreach (var check in _checks)
        {
            await check.RunAsync(context);
        }

        AddHealthy(context);
        var findings = new List<Finding>(context.Findings);
        findings.Sort(static (a, b) =>
        {
            var byVerdict = a.Verdict.SortOrder().CompareTo(b.Verdict.SortOrder());
            return byVerdict != 0 ? byVerdict : Causes.Rank(a.Cause).CompareTo(Causes.Rank(b.Cause));
        });
        if (findings.Count == 0)
        {
            context.NotChecked("no probe completed within the budget, so nothing could be concluded");
        }

        return new Diagnosis
        {
            Target = DiagnosisContext.Format(context.CheckEndPoint),
            Type = request.Spec.Type.ToWire(),
            CheckedAt = checkedAt,
            Elapsed = context.Elapsed,
            Verdict = Overall(findings),
            Findings = findings,
            NotChecked = [.. context.NotCheckedNotes],
        };
    }

    /// <summary>HEALTHY when the configured check passed in most samples and the connection held.</summary>
    private static void AddHealthy(DiagnosisContext context)
    {
        var results = context.CheckResults;
        if (context.TransportFailed || results.Count == 0 || Majority.FailureReason(results) is not null
            || context.Spec.Type == HealthMonitorType.UdpConnect)
        {
            return;
        }

        context.Add(new Finding
        {
            Cause = Causes.Healthy,
            Verdict = FindingVerdict.Ok,
            Check = $"{results.Count} {context.Spec.Type.ToWire()} check(s) of {DiagnosisContext.Format(context.CheckEndPoint)}",
            Evidence = Evidence.Probe(results),
            Advice = "The health check passes: the backend answers as the load balancer expects. Nothing to fix here.",
        });
    }

    private static FindingVerdict Overall(List<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return FindingVerdict.CannotTell;
        }

        var verdict = FindingVerdict.Ok;
        foreach (var finding in findings)
        {
            if (finding.Verdict == FindingVerdict.Problem)
            {
                return FindingVerdict.Problem;
            }

            if (finding.Verdict == FindingVerdict.Warning || (finding.Verdict == FindingVerdict.CannotTell && verdict == FindingVerdict.Ok))
            {
                verdict = finding.Verdict;
            }
        }

        return verdict;
    }
}
