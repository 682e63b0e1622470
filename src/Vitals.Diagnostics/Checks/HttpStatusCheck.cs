using Vitals.Core.Monitoring;
using Vitals.Core.Probing;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D7: the HTTP check gets an answer whose status is not expected. The status family names the cause: 404/410
/// PATH_NOT_FOUND, 3xx REDIRECT, 401/403 AUTH_REQUIRED, 405/501 METHOD_NOT_ALLOWED, 5xx SERVER_ERROR, 400/421
/// WRONG_HOST (virtual hosts), a 2xx outside the expected codes EXPECTED_CODES_TOO_NARROW.
/// </summary>
internal sealed class HttpStatusCheck : IDiagnosticCheck
{
    public Task RunAsync(DiagnosisContext context)
    {
        var spec = context.Spec;
        if (!spec.Type.IsHttp() || Majority.FailureReason(context.CheckResults) != ReasonCode.HttpCodeNotMatch
            || Majority.Status(context.CheckResults, ReasonCode.HttpCodeNotMatch) is not { } status)
        {
            return Task.CompletedTask;
        }

        var path = spec.UrlPath;
        var method = spec.HttpMethod.ToWire();
        var host = spec.DomainName ?? context.Request.Address.ToString();
        var (cause, advice) = status switch
        {
            404 or 410 => (Causes.PathNotFound, $"The health-check URL {path} returns {status}. Point the check at a page that exists "
                + "(ideally a tiny static page made for health checks) or create that page."),
            >= 300 and < 400 => (Causes.Redirect, $"The health-check URL {path} redirects (status {status}), e.g. HTTP to HTTPS or to a "
                + $"login page. Use a path that answers directly with a success code, or add {status} to the expected codes."),
            401 or 403 => (Causes.AuthRequired, $"The health-check URL {path} needs authentication (status {status}). Exempt the "
                + "health-check path from authentication."),
            405 or 501 => (Causes.MethodNotAllowed, $"The backend rejects the {method} method on {path} (status {status}). Use GET for "
                + $"the health check or allow {method}."),
            400 or 421 => (Causes.WrongHost, $"The backend refuses the request for host {host} (status {status}): it routes by host "
                + "name. Set the health-check domain to a host name the site serves so the probe carries the right Host header (and SNI)."),
            >= 500 => (Causes.ServerError, $"The application answers {status} on {path}: the service is up but failing. Check the "
                + "application logs and its dependencies (database, disk, memory)."),
            >= 200 and < 300 => (Causes.ExpectedCodesTooNarrow, $"The application's healthy answer is {status} but only "
                + $"{spec.ExpectedCodes.Text} is accepted; widen the expected codes (e.g. 200-299)."),
            _ => (Causes.UnexpectedStatus, $"The health-check URL {path} answers {status}, which is not in the expected codes "
                + $"{spec.ExpectedCodes.Text}. Fix the page or the expected codes."),
        };

        var evidence = Evidence.Probe(context.CheckResults);
        evidence["method"] = method;
        evidence["path"] = path;
        evidence["host"] = host;
        evidence["expected_codes"] = spec.ExpectedCodes.Text;
        context.Add(new Finding
        {
            Cause = cause,
            Verdict = FindingVerdict.Problem,
            Check = $"{context.CheckResults.Count} {spec.Type.ToWire()} {method} {path} to {context.Format(context.Request.CheckPort)} "
                + $"with Host {host}",
            Evidence = evidence,
            Advice = advice,
            NlbReasonCode = ReasonCode.HttpCodeNotMatch.ToNlb(),
            CheckCode = CheckCode.L7Sts.ToWire(),
        });
        return Task.CompletedTask;
    }
}
