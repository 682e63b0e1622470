using Microsoft.AspNetCore.Mvc;
using Vitals.Server.Api;
using Vitals.Server.Auth;
using Vitals.Storage;

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
        group.MapGet("/members/{id}/health", GetMember);
        group.MapGet("/members/{id}/history", GetHistoryAsync);
        group.MapGet("/pools/{id}/health", GetPool);
        group.MapGet("/listeners/{id}/health", GetListener);
        group.MapGet("/events", HealthEventStream.RunAsync).ExcludeFromDescription();
        return api;
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
            transitions[i] = HealthViews.Transition(stored.Value[i].Transition);
        }

        return TypedResults.Ok(new MemberHistoryDto(member.Id, transitions, query.GetResults(member.Id, count)));
    }
}
