using Vitals.Control.Fleet;
using Vitals.Control.Instances;
using Vitals.Core.Resources;
using Vitals.Server.Api;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Server.Instances;

/// <summary>
/// <c>GET /api/v1/instances/{id}/health</c>: an instance's health in the ECS vocabulary, evaluated now; and
/// <c>GET /api/v1/instances/health</c>: a page of them, as a list screen needs it, in one request.
/// </summary>
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
        // A literal segment: routing prefers it to the resource's own GET /api/v1/instances/{id}.
        group.MapGet("/health", ListAsync)
            .WithName("ListInstancesHealth").WithSummary("One page of the project's instances with their health (limit, marker)")
            .Produces<InstanceHealthPageDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
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

    /// <summary>The instance list's paging (creation order, keyset marker, its 400s), each row evaluated now.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, FleetService fleet, InstanceHealthService health,
        CancellationToken cancellationToken)
    {
        var parameters = new ApiQuery(context.Request);
        var paging = parameters.Paging();
        if (parameters.Errors.HasErrors)
        {
            return ApiProblems.Validation(parameters.Errors.Errors);
        }

        if (context.GetCaller().ProjectId is not { } projectId)
        {
            return ApiProblems.Forbidden("instances belong to a project: use a project token");
        }

        var page = await fleet.ListInstancesAsync(projectId, InstanceFilter.All, paging, cancellationToken);
        if (!page.IsSuccess)
        {
            return FleetHttp.Problem(page);
        }

        var instances = page.Value!.Items;
        var reports = health.EvaluateAll(instances);
        var rows = new InstanceHealthRowDto[instances.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var instance = instances[i];
            rows[i] = new InstanceHealthRowDto(instance.Id, instance.Name, instance.Address, instance.Region, InstanceHealthViews.From(reports[i]));
        }

        return TypedResults.Ok(new InstanceHealthPageDto(rows, page.Value.NextMarker, page.Value.TotalCount));
    }
}
