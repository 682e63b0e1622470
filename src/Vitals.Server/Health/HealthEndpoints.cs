using Microsoft.AspNetCore.Mvc;
using Vitals.Control.Fleet;
using Vitals.Server.Api;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Server.Health;

/// <summary>Live status endpoints: member, server group and listener health, history, and the event stream.</summary>
public static class HealthEndpoints
{
    /// <summary>Most results and transitions one history answer holds.</summary>
    public const int MaxHistory = 100;

    public static RouteGroupBuilder MapHealthEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/").RequireCaller().WithTags("Health");
        group.MapGet("/health", GetProject)
            .WithName("GetProjectHealth").WithSummary("Counts per state and the non-healthy members of the whole project, or of one pool (pool_id, non_healthy_limit)")
            .Produces<ProjectHealthDto>().ProducesValidationProblem();
        group.MapGet("/members/{id}/health", GetMember)
            .WithName("GetMemberHealth").WithSummary("A member's state, the reason in code and words, and its last check")
            .Produces<MemberHealthDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/members/{id}/history", GetHistoryAsync)
            .WithName("GetMemberHistory").WithSummary("A member's stored transitions and recent check results, newest first (limit)")
            .Produces<MemberHistoryDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/pools/{id}/health", GetPool)
            .WithName("GetPoolHealth").WithSummary("Counts per state and the non-healthy members of one pool (non_healthy_limit)")
            .Produces<PoolHealthDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/pools/{id}/members/health", GetPoolMembersAsync)
            .WithName("ListPoolMembersHealth").WithSummary("One page of a pool's members with their live health (limit, marker; state and q narrow it)")
            .Produces<PoolMembersHealthDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/listeners/{id}/health", GetListener)
            .WithName("GetListenerHealth").WithSummary("The health of a listener's default pool (non_healthy_limit)")
            .Produces<ListenerHealthDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/events", HealthEventStream.RunAsync).ExcludeFromDescription();
        return api;
    }

    /// <summary>
    /// The project overview. The admin token sees every project, as on <c>/api/v1/events</c> and the other health paths.
    /// Its list is capped lower than a pool's: it is a screen, not an export.
    /// </summary>
    private static IResult GetProject(HttpContext context, HealthQuery query)
    {
        var parameters = new ApiQuery(context.Request);
        var limit = parameters.Int("non_healthy_limit", 0, HealthQuery.MaxProjectNonHealthyLimit);
        var poolId = parameters.String("pool_id");
        if (parameters.Errors.HasErrors)
        {
            return ApiProblems.Validation(parameters.Errors.Errors);
        }

        var caller = context.GetCaller();
        // The same answer narrowed to one pool (its members by severity, with names): the console's pool page.
        if (poolId is not null && query.GetPool(caller, poolId, 0) is null)
        {
            return ApiProblems.NotFound("pool", poolId);
        }

        return TypedResults.Ok(query.GetProject(caller, limit ?? HealthQuery.DefaultNonHealthyLimit, poolId));
    }

    /// <summary>
    /// A page of the pool's members from the fleet service (creation order, keyset marker, its 400s and 404s), each with
    /// its health from memory; narrowed by <c>state</c> or <c>q</c>, the page is read from memory alone. The admin token
    /// reads any pool, as on <c>/pools/{id}/health</c>.
    /// </summary>
    private static async Task<IResult> GetPoolMembersAsync(string id, HttpContext context, HealthQuery query, FleetService fleet,
        CancellationToken cancellationToken)
    {
        var parameters = new ApiQuery(context.Request);
        var paging = parameters.Paging();
        var search = MemberSearchQuery.Parse(parameters);
        if (parameters.Errors.HasErrors)
        {
            return ApiProblems.Validation(parameters.Errors.Errors);
        }

        var caller = context.GetCaller();
        if (!search.IsEmpty)
        {
            // Filtered on the live state (and text), so from memory; the same order, marker and 400/404 as the store's list.
            var found = query.SearchPoolMembers(caller, id, search, paging, out var markerError);
            return found is not null ? TypedResults.Ok(found)
                : markerError is not null ? ApiProblems.Validation("marker", markerError)
                : ApiProblems.NotFound("pool", id);
        }

        if ((caller.ProjectId ?? query.ProjectOfPool(caller, id)) is not { } projectId)
        {
            return ApiProblems.NotFound("pool", id);
        }

        var page = await fleet.ListPoolMembersAsync(projectId, id, MemberFilter.All, paging, cancellationToken);
        if (!page.IsSuccess)
        {
            return FleetHttp.Problem(page);
        }

        var value = page.Value!;
        return TypedResults.Ok(new PoolMembersHealthDto(query.GetMembers(value.Items), value.NextMarker, value.TotalCount));
    }

    private static IResult GetMember(string id, HttpContext context, HealthQuery query) =>
        query.GetMember(context.GetCaller(), id) is { } health ? TypedResults.Ok(health) : ApiProblems.NotFound("member", id);

    private static IResult GetPool(string id, [FromQuery(Name = "non_healthy_limit")] int? nonHealthyLimit, HttpContext context, HealthQuery query)
    {
        if (BadLimit(nonHealthyLimit) is { } bad)
        {
            return bad;
        }

        return query.GetPool(context.GetCaller(), id, nonHealthyLimit ?? HealthQuery.DefaultNonHealthyLimit) is { } health
            ? TypedResults.Ok(health)
            : ApiProblems.NotFound("pool", id);
    }

    private static IResult GetListener(string id, [FromQuery(Name = "non_healthy_limit")] int? nonHealthyLimit, HttpContext context, HealthQuery query)
    {
        if (BadLimit(nonHealthyLimit) is { } bad)
        {
            return bad;
        }

        return query.GetListener(context.GetCaller(), id, nonHealthyLimit ?? HealthQuery.DefaultNonHealthyLimit) is { } health
            ? TypedResults.Ok(health)
            : ApiProblems.NotFound("listener", id);
    }

    private static IResult? BadLimit(int? limit) => limit is < 0 or > HealthQuery.MaxNonHealthyLimit
        ? ApiProblems.Validation("non_healthy_limit", $"must be from 0 to {HealthQuery.MaxNonHealthyLimit}")
        : null;

    private static async Task<IResult> GetHistoryAsync(string id, int? limit, HttpContext context, HealthQuery query, IStore store,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxHistory)
        {
            return ApiProblems.Validation("limit", $"must be from 1 to {MaxHistory}");
        }

        if (query.FindMember(context.GetCaller(), id) is not { } member)
        {
            return ApiProblems.NotFound("member", id);
        }

        var count = limit ?? 20;
        var stored = await store.ListTransitionsAsync(member.ProjectId, member.Id, count, cancellationToken);
        if (!stored.IsOk)
        {
            return ApiProblems.NotFound("member", id); // deleted meanwhile
        }

        var transitions = new TransitionDto[stored.Value!.Count];
        for (var i = 0; i < transitions.Length; i++)
        {
            transitions[i] = HealthViews.Transition(stored.Value[i].Transition) with { Node = stored.Value[i].Node };
        }

        return TypedResults.Ok(new MemberHistoryDto(member.Id, transitions, query.GetResults(member.Id, count)));
    }
}
