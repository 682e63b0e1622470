using Vitals.Core.Resources;
using Vitals.Server.Api;
using Vitals.Server.Auth;
using Vitals.Storage;

namespace Vitals.Server.Instances;

/// <summary><c>GET /api/v1/instances/{id}/health</c>: an instance's health in the ECS vocabulary, evaluated now.</summary>
internal static class InstanceHealthEndpoints
{
    private const int MaxIdLength = 128;

    public static IEndpointRouteBuilder MapInstanceHealthEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/v1/instances").RequireCaller().WithTags("Instances");
        group.MapGet("/{id}/health", GetAsync)
            .WithName("GetInstanceHealth").WithSummary("Show an instance's health (Ok, Impaired, Warning, Maintaining, Initializing, InsufficientData, NotApplicable) and why")
            .Produces<InstanceHealthDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IStore store, InstanceHealthService health,
        CancellationToken cancellationToken)
    {
        if (context.GetCaller().ProjectId is not { } projectId)
        {
            return ApiProblems.Forbidden("instances belong to a project: use a project token");
        }

        // An id that cannot exist is answered without a store read.
        if (id.Length > MaxIdLength || !id.StartsWith(ResourceIds.Instance + "-", StringComparison.Ordinal))
        {
            return ApiProblems.NotFound("instance", id.Length > MaxIdLength ? id[..MaxIdLength] + "…" : id);
        }

        var instance = await store.GetInstanceAsync(projectId, id, cancellationToken);
        return instance is null
            ? ApiProblems.NotFound("instance", id)
            : TypedResults.Ok(InstanceHealthViews.From(health.Evaluate(instance)));
    }
}
