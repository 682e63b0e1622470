using Vitals.Server.Auth;

namespace Vitals.Server.Api;

/// <summary>Puts the authenticated <see cref="Caller"/> on requests of an endpoint group, and reads it back.</summary>
public static class CallerAccess
{
    private static readonly object Key = new();

    /// <summary>Every endpoint of the group needs a valid token; 401 otherwise. Admin-only groups pass <paramref name="adminOnly"/>.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, bool adminOnly = false)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limiter = http.RequestServices.GetRequiredService<FailedAuthLimiter>();
            if (limiter.IsThrottled(http, AuthSurface.Native))
            {
                http.Response.Headers.RetryAfter = limiter.RetryAfterSeconds;
                return ApiProblems.TooManyRequests("too many failed authentications from this address: retry later");
            }

            var token = CallerResolver.TokenOf(http.Request);
            if (token is null)
            {
                return ApiProblems.Unauthorized("a token is required: Authorization: Bearer TOKEN or X-Auth-Token");
            }

            var resolver = http.RequestServices.GetRequiredService<CallerResolver>();
            var caller = await resolver.ResolveAsync(token, http.RequestAborted);
            if (caller is null)
            {
                limiter.Failed(http, AuthSurface.Native);
                return ApiProblems.Unauthorized("the token is not valid");
            }

            if (adminOnly && !caller.IsAdmin)
            {
                return ApiProblems.Forbidden("this needs the admin token");
            }

            http.Items[Key] = caller;
            return await next(context);
        });
        return builder;
    }

    /// <summary>The caller of a request that passed <see cref="RequireCaller{TBuilder}"/>.</summary>
    public static Caller GetCaller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(Key, out var caller) && caller is Caller c
            ? c
            : throw new InvalidOperationException("the endpoint does not require a caller");
    }
}
