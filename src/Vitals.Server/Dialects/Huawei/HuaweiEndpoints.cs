using Vitals.Control.Fleet;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// What the Huawei resource endpoints share: their five routes, and a list's work around its own filters (the query
/// read and checked with <c>limit</c>, <c>marker</c> and <c>page_reverse</c>, the 400 ELB.8902 for a malformed parameter
/// or a marker outside the list, each record mapped in page order).
/// </summary>
internal static class HuaweiEndpoints
{
    /// <summary>List and create on <paramref name="collection"/>; show, update and delete on <c>{<paramref name="id"/>}</c> under it.</summary>
    public static RouteGroupBuilder MapHuaweiResource(this RouteGroupBuilder elb, string collection, string id, Delegate list, Delegate create,
        Delegate show, Delegate update, Delegate delete)
    {
        ArgumentNullException.ThrowIfNull(elb);
        var group = elb.MapGroup(collection);
        group.MapGet("/", list);
        group.MapPost("/", create);
        group.MapGet($"/{{{id}}}", show);
        group.MapPut($"/{{{id}}}", update);
        group.MapDelete($"/{{{id}}}", delete);
        return elb;
    }

    /// <summary>Answers a list whose records are already the client's objects.</summary>
    public static Task<IResult> ListAsync<TFilter, TDto>(HttpContext context, string markerOf, Func<HuaweiQuery, TFilter> readFilters,
        Func<string, TFilter, FleetSlice, Task<FleetResult<FleetPage<TDto>>>> read, Func<TDto[], IResult> answer) =>
        ListAsync(context, markerOf, readFilters, read, static dto => ValueTask.FromResult(dto), answer);

    /// <summary>
    /// Answers a list: the endpoint's filters are read first (errors are listed in the order the parameters are read), then
    /// the paging; <paramref name="read"/> gets the caller's project, the filters and the slice. A marker that is not
    /// <paramref name="markerOf"/> (e.g. "a pool of this project") is Huawei's invalid input; other failures map as usual.
    /// </summary>
    public static async Task<IResult> ListAsync<TFilter, T, TDto>(HttpContext context, string markerOf, Func<HuaweiQuery, TFilter> readFilters,
        Func<string, TFilter, FleetSlice, Task<FleetResult<FleetPage<T>>>> read, Func<T, ValueTask<TDto>> map, Func<TDto[], IResult> answer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(readFilters);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(answer);
        var project = HuaweiAccess.ProjectOf(context);
        var query = new HuaweiQuery(context.Request.Query);
        var filters = readFilters(query);
        var paging = HuaweiPaging.Read(query);
        if (query.HasErrors)
        {
            return HuaweiErrors.Invalid(context, HuaweiErrors.Describe(query.Errors, query.ValueOf));
        }

        var page = await read(project, filters, paging.ToSlice());
        if (!page.IsSuccess)
        {
            return page is { Outcome: FleetOutcome.Invalid, Errors: [{ Field: "marker" }] }
                ? HuaweiErrors.Invalid(context, $"Invalid input for field/attribute marker. Value: {paging.Marker}. not the id of {markerOf}")
                : page.Outcome == FleetOutcome.Invalid
                    ? HuaweiErrors.Invalid(context, HuaweiErrors.Describe(page.Errors, query.ValueOf))
                    : HuaweiErrors.From(context, page);
        }

        var dtos = new TDto[page.Value.Items.Count];
        for (var i = 0; i < dtos.Length; i++)
        {
            dtos[i] = await map(page.Value.Items[i]);
        }

        return answer(dtos);
    }

    /// <summary>204, with the request id every Huawei answer carries.</summary>
    public static IResult NoContent(HttpContext context)
    {
        HuaweiRequestId.Of(context);
        return TypedResults.NoContent();
    }

    /// <summary>The <c>page_info</c> of a page: its first and last ids and its size.</summary>
    public static HuaweiPageInfoDto Info<T>(IReadOnlyList<T> page, Func<T, string> id)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(id);
        return page.Count == 0
            ? new HuaweiPageInfoDto(null, null, 0)
            : new HuaweiPageInfoDto(id(page[0]), id(page[^1]), page.Count);
    }
}
