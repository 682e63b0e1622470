using Vitals.Server.Auth;
using Vitals.Server.Dialects.Ovh.Signing;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// Checks the application-key signature of every signed OVH call and remembers the caller's project. A wrong key or
/// signature counts as a failed authentication; a source over its failures gets 429 Client::TooManyRequests.
/// </summary>
internal static class OvhAccess
{
    private static readonly object Key = new();
    private static readonly object BodyKey = new();

    public static RouteGroupBuilder RequireOvhSignature(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limiter = http.RequestServices.GetRequiredService<FailedAuthLimiter>();
            if (limiter.IsThrottled(http, AuthSurface.Ovh))
            {
                http.Response.Headers.RetryAfter = limiter.RetryAfterSeconds;
                return OvhErrorResults.TooManyRequests("Too many failed authentications from your address, retry later");
            }

            var request = await OvhRequestReader.ReadAsync(http.Request, OvhRequestReader.DefaultMaxBodyBytes, http.RequestAborted);
            if (request is null)
            {
                return OvhErrorResults.BadRequest("The body is too large");
            }

            var result = await http.RequestServices.GetRequiredService<OvhSignatureVerifier>().VerifyAsync(request, http.RequestAborted);
            if (!result.Succeeded)
            {
                if (OvhErrors.IsCredentialFailure(result))
                {
                    limiter.Failed(http, AuthSurface.Ovh);
                }

                return OvhErrorResults.Auth(result);
            }

            http.Items[Key] = result.ProjectId;
            http.Items[BodyKey] = request.Body;
            return await next(context);
        });
        return group;
    }

    public static string ProjectOf(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is string project
            ? project
            : throw new InvalidOperationException("the endpoint is not behind RequireOvhSignature");

    /// <summary>The body as signed: the filter read it to check the signature, so the endpoint reads it from here.</summary>
    public static ReadOnlyMemory<byte> BodyOf(HttpContext context) =>
        context.Items.TryGetValue(BodyKey, out var value) && value is ReadOnlyMemory<byte> body
            ? body
            : throw new InvalidOperationException("the endpoint is not behind RequireOvhSignature");
}
