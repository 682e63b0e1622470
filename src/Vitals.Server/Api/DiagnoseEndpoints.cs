namespace Vitals.Server.Api;

/// <summary><c>POST /api/v1/members/{id}/diagnose</c>: the troubleshooting checklist run against a member.</summary>
public static class DiagnoseEndpoints
{
    public static RouteGroupBuilder MapDiagnoseEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api;
    }
}
