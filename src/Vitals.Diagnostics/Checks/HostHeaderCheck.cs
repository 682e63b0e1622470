using System.Text.Json.Nodes;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// Virtual hosts (D7's host-header case, and SNI for HTTPS): when the check fails with a status or a TLS error, the
/// same request is sent with the other host names known (the hints, and the bare address when a domain is configured).
/// If one of them passes, the configured host is the cause (WRONG_HOST) and the status finding it explains goes.
/// </summary>
internal sealed class HostHeaderCheck : IDiagnosticCheck
{
    private static readonly string[] Explained =
        [Causes.PathNotFound, Causes.WrongHost, Causes.UnexpectedStatus, Causes.AuthRequired, Causes.Redirect, Causes.TlsFailure];

    public async Task RunAsync(DiagnosisContext context)
    {
        var spec = context.Spec;
        var reason = Majority.FailureReason(context.CheckResults);
        if (!spec.Type.IsHttp() || reason is not (ReasonCode.HttpCodeNotMatch or ReasonCode.TlsHandshakeFailed)
            || context.Has(Causes.PlaintextOnTlsPort))
        {
            return;
        }

        var port = context.Request.CheckPort;
        var candidates = Candidates(context);
        if (candidates.Count == 0)
        {
            context.NotChecked("whether another Host header (domain name) works: no other host name is known (give --host-hint NAME)");
            return;
        }

        var tried = new JsonArray();
        foreach (var candidate in candidates)
        {
            var shown = candidate ?? context.Request.Address.ToString();
            var results = await context.ProbeAsync(spec with { DomainName = candidate }, port, 1, $"the check with Host {shown}");
            if (results.Count == 0)
            {
                break;
            }

            var result = results[0];
            tried.Add((JsonNode)new JsonObject { ["host"] = shown, ["reason_code"] = result.Reason.ToWire() ?? "OK", ["status"] = result.StatusCode });
            if (!result.IsSuccess)
            {
                continue;
            }

            var configured = spec.DomainName ?? context.Request.Address.ToString();
            var failed = Majority.First(context.CheckResults, reason.Value);
            var evidence = Evidence.Probe(context.CheckResults);
            evidence["configured_host"] = configured;
            evidence["working_host"] = shown;
            evidence["working_status"] = result.StatusCode;
            evidence["tried"] = tried;
            foreach (var cause in Explained)
            {
                context.Remove(cause);
            }

            var seen = failed.StatusCode is { } status ? $"status {status}" : failed.Detail;
            context.Add(new Finding
            {
                Cause = Causes.WrongHost,
                Verdict = FindingVerdict.Problem,
                Check = $"the {spec.Type.ToWire()} check with Host {configured}, then with Host {shown}",
                Evidence = evidence,
                Advice = candidate is null
                    ? $"The backend answers the check for its address but not for the domain {configured} ({seen}). The health-check "
                        + "domain is wrong for this backend: correct it, or clear it so the probe uses the address."
                    : $"The backend routes by host name: with Host {configured} the check gets {seen}, with Host {candidate} it passes "
                        + $"(status {result.StatusCode}). Set the health-check domain to {candidate} so the probe carries the right "
                        + "Host header (and SNI).",
                NlbReasonCode = failed.Reason.ToNlb(),
                CheckCode = failed.CheckCode.ToWire(),
            });
            return;
        }
    }

    /// <summary>The hints (valid names other than the configured one), then the bare address if a domain is set.</summary>
    private static List<string?> Candidates(DiagnosisContext context)
    {
        var configured = context.Spec.DomainName;
        var candidates = new List<string?>();
        foreach (var hint in context.Request.HostHints)
        {
            if (candidates.Count < DiagnosisRequest.MaxHostHints && HealthMonitorValidator.ValidateDomainName(hint) is null
                && !string.Equals(hint, configured, StringComparison.OrdinalIgnoreCase) && !candidates.Contains(hint))
            {
                candidates.Add(hint);
            }
        }

        if (configured is not null)
        {
            candidates.Add(null);
        }

        return candidates;
    }
}
