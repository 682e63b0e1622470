
namespace Vitals.Server.Console;

/// <summary>
/// Serves the web console: the page at <c>/</c> and its files under <c>/console/</c>. The page needs no credential
/// (it asks for a project token and then calls <c>/api/v1</c> with it); the Alibaba RPC endpoint, which also lives
/// at <c>/</c>, only takes requests that name an <c>Action</c>, so a plain <c>GET /</c> arrives here.
/// </summary>
public static class ConsoleEndpoints
{
    // Defence in depth behind the rule that backend content is only ever set as text: even markup that slipped
    // into the page could not run a script, load one from elsewhere, or send data anywhere but this server.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] Methods = ["GET", "HEAD"];

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var assets = ConsoleAssets.Load();
        app.MapMethods("/", Methods, (HttpContext context) => Serve(context, assets, "index.html")).ExcludeFromDescription();
        app.MapMethods("/console/{**path}", Methods, (string? path, HttpContext context) => Serve(context, assets, path ?? "")).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, ConsoleAssets assets, string path)
    {
        if (assets.Find(path) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time: an upgraded server must never run against yesterday's script.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
