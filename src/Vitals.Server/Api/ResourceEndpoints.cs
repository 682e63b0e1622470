namespace Vitals.Server.Api;

/// <summary>CRUD and list endpoints of every resource kind under <c>/api/v1</c>.</summary>
public static class ResourceEndpoints
{
    public static RouteGroupBuilder MapResourceEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
