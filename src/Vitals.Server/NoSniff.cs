namespace Vitals.Server;

/// <summary>
/// <c>X-Content-Type-Options: nosniff</c> on every response of every surface (native API, dialects, console, metrics,
/// errors), so a browser never reads a JSON body that echoes tenant text as HTML or script.
/// </summary>
internal static class NoSniff
{
    /// <summary>
    /// Set when the response starts, not when the request arrives: the exception handler clears the headers before it
    /// writes its problem body, and the start callback still runs after that.
    /// </summary>
    public static WebApplication UseNoSniff(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        return app;
    }
}
