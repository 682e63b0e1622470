using Vitals.Control.Access;
using Vitals.Server.Auth;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// Authenticates Huawei calls: <c>X-Auth-Token</c> carries a project token (or the admin token) and the path's
/// <c>project_id</c> must be that project. No token or an unknown one: 401 APIGW.0301
/// (an unknown one counts as a failed authentication); a source over its failures: 429 APIGW.0308; another project's path: 403 ELB.8903.
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
                if (await http.RequestServices.GetRequiredService<CredentialService>().GetProjectAsync(pathProject, http.RequestAborted) is null)
                {
                    return HuaweiErrors.Missing(http, $"project '{pathProject}' does not exist");
                }
            }
            else if (!string.Equals(caller.ProjectId, pathProject, StringComparison.Ordinal))
            {
                return HuaweiErrors.Error(http, StatusCodes.Status403Forbidden, HuaweiErrors.NotPermitted,
                    $"the token is not scoped to project '{pathProject}'");
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
}
