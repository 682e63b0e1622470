using Vitals.Server.Dialects.Ovh.Signing;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>Checks the application-key signature of every signed OVH call and remembers the caller's project.</summary>
internal static class OvhAccess
{
    private static readonly object Key = new();

    public static RouteGroupBuilder RequireOvhSignature(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var request = await OvhRequestReader.ReadAsync(http.Request, OvhRequestReader.DefaultMaxBodyBytes, http.RequestAborted);
            if (request is null)
            {
                return OvhErrorResults.BadRequest("The body is too large");
            }

            var result = await http.RequestServices.GetRequiredService<OvhSignatureVerifier>().VerifyAsync(request, http.RequestAborted);
            if (!result.Succeeded)
            {
                return OvhErrorResults.Auth(result);
            }

            http.Items[Key] = result.ProjectId;
            return await next(context);
        });
        return group;
    }

    public static string ProjectOf(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is string project
            ? project
            : throw new InvalidOperationException("the endpoint is not behind RequireOvhSignature");
}
