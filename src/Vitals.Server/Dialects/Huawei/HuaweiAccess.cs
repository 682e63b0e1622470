using Vitals.Control.Access;
using Vitals.Server.Auth;
using Vitals.Server.Dialects.Huawei.Signing;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// Authenticates Huawei calls, either way Huawei's clients do: <c>X-Auth-Token</c> carrying a project token (or the
/// admin token), or an AK/SK signature (<c>Authorization: SDK-HMAC-SHA256 …</c>, docs/dialect-huawei.md) by an AK of
/// the project. The path's <c>project_id</c> (and <c>X-Project-Id</c> when sent) must be that project.
/// No credential, an unknown one or a failed signature: 401 APIGW.0301 (counted as a failed authentication); a source
/// over its failures: 429 APIGW.0308; another project's path: 403 ELB.8903.
/// </summary>
internal static class HuaweiAccess
{
    private static readonly object Key = new();

    public static RouteGroupBuilder RequireHuaweiProject(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var pathProject = http.Request.RouteValues["project_id"] as string ?? "";
            var limiter = http.RequestServices.GetRequiredService<FailedAuthLimiter>();
            if (limiter.IsThrottled(http, AuthSurface.Huawei))
            {
                http.Response.Headers.RetryAfter = limiter.RetryAfterSeconds;
                return HuaweiErrors.Error(http, StatusCodes.Status429TooManyRequests, HuaweiErrors.Throttled,
                    "The throttling threshold has been reached: too many failed authentications from this address");
            }

            var token = CallerResolver.TokenOf(http.Request);
            var refusal = token is null && HuaweiAuthorization.IsSignature(http.Request.Headers.Authorization.ToString())
                ? await CheckSignatureAsync(http, pathProject, limiter)
                : await CheckTokenAsync(http, token, pathProject, limiter);
            if (refusal is not null)
            {
                return refusal;
            }

            http.Items[Key] = pathProject;
            return await next(context);
        });
        return group;
    }

    /// <summary>The authenticated project of a request that passed <see cref="RequireHuaweiProject"/>.</summary>
    public static string ProjectOf(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is string project
            ? project
            : throw new InvalidOperationException("the endpoint is not behind RequireHuaweiProject");

    private static async Task<IResult?> CheckTokenAsync(HttpContext http, string? token, string pathProject, FailedAuthLimiter limiter)
    {
        var caller = token is null ? null : await http.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(token, http.RequestAborted);
        if (caller is null)
        {
            if (token is not null)
            {
                limiter.Failed(http, AuthSurface.Huawei);
            }

            return HuaweiErrors.Error(http, StatusCodes.Status401Unauthorized, HuaweiErrors.BadToken,
                token is null
                    ? "Incorrect IAM authentication information: x-auth-token not found"
                    : "Incorrect IAM authentication information: the token is not valid");
        }

        if (caller.IsAdmin)
        {
            // The admin may act in any project, but only in one that exists.
            return await http.RequestServices.GetRequiredService<CredentialService>().GetProjectAsync(pathProject, http.RequestAborted) is null
                ? HuaweiErrors.Missing(http, $"project '{pathProject}' does not exist")
                : null;
        }

        return string.Equals(caller.ProjectId, pathProject, StringComparison.Ordinal)
            ? null
            : HuaweiErrors.Error(http, StatusCodes.Status403Forbidden, HuaweiErrors.NotPermitted, $"the token is not scoped to project '{pathProject}'");
    }

    private static async Task<IResult?> CheckSignatureAsync(HttpContext http, string pathProject, FailedAuthLimiter limiter)
    {
        HuaweiSignedRequest request;
        try
        {
            request = await HuaweiSignedRequest.ReadAsync(http);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return HuaweiErrors.Error(http, e.StatusCode, HuaweiErrors.InvalidParameter, "the body is larger than the server accepts");
        }

        var result = await http.RequestServices.GetRequiredService<HuaweiSignatureVerifier>().VerifyAsync(request, http.RequestAborted);
        if (!result.Succeeded)
        {
            if (result.CountsAsFailure)
            {
                limiter.Failed(http, AuthSurface.Huawei);
            }

            return HuaweiErrors.Error(http, StatusCodes.Status401Unauthorized, HuaweiErrors.BadToken, result.Message!);
        }

        if (!string.Equals(result.ProjectId, pathProject, StringComparison.Ordinal))
        {
            return HuaweiErrors.Error(http, StatusCodes.Status403Forbidden, HuaweiErrors.NotPermitted,
                $"the AK {result.AccessKey} is not scoped to project '{pathProject}'");
        }

        var headerProject = http.Request.Headers["X-Project-Id"].ToString();
        return headerProject.Length == 0 || string.Equals(headerProject, pathProject, StringComparison.Ordinal)
            ? null
            : HuaweiErrors.Error(http, StatusCodes.Status403Forbidden, HuaweiErrors.NotPermitted,
                $"X-Project-Id '{HuaweiAuthorization.Clip(headerProject)}' is not the project of the path '{pathProject}'");
    }
}
