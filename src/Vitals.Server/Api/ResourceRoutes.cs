using Vitals.Control.Fleet;
using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>
/// The five routes of one resource kind under <c>/api/v1/{Path}</c>: <c>POST /</c>, <c>GET /</c>, <c>GET /{id}</c>,
/// <c>PUT /{id}</c> (partial update) and <c>DELETE /{id}</c>, each named, tagged and summarised for the OpenAPI document.
/// </summary>
internal sealed class ResourceRoutes<TInput, TValue, TDto, TList>
    where TInput : FleetInput, IFleetInput
    where TDto : IResourceDto
    where TList : notnull
{
    public required string Path { get; init; }

    public required string Tag { get; init; }

    /// <summary>PascalCase name used in operation ids, e.g. <c>LoadBalancer</c>.</summary>
    public required string Singular { get; init; }

    public required Func<TValue, TDto> ToDto { get; init; }

    public required Func<IReadOnlyList<TDto>, string?, int, TList> ToList { get; init; }

    public required Func<FleetService, string, TInput, CancellationToken, Task<FleetResult<TValue>>> Create { get; init; }

    public required Func<FleetService, string, string, CancellationToken, Task<FleetResult<TValue>>> Get { get; init; }

    public required Func<FleetService, string, string, TInput, CancellationToken, Task<FleetResult<TValue>>> Update { get; init; }

    /// <summary>Deletes and maps the outcome (204 or a problem).</summary>
    public required Func<FleetService, string, string, CancellationToken, Task<IResult>> Delete { get; init; }

    /// <summary>Reads this kind's filters from the query (errors go to the query), returning the list call to make.</summary>
    public required Func<ApiQuery, Func<FleetService, string, FleetPaging, CancellationToken, Task<FleetResult<FleetPage<TValue>>>>> List { get; init; }

    public string CollectionPath => $"/api/v1/{Path}";

    public void Map(RouteGroupBuilder api)
    {
        var noun = TInput.Kind;
        var group = api.MapGroup("/" + Path).WithTags(Tag);
        group.MapPost("/", (HttpContext http, FleetService fleet, CancellationToken ct) => CreateAsync(http, fleet, ct))
            .WithName("Create" + Singular).WithSummary($"Create a {noun}")
            .Accepts<TInput>("application/json").Produces<TDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/", (HttpContext http, FleetService fleet, CancellationToken ct) => ListAsync(http, fleet, ct))
            .WithName("List" + Singular).WithSummary($"List {noun}s of the project, a page at a time (limit, marker, filters)")
            .Produces<TList>().ProducesValidationProblem();
        group.MapGet("/{id}", async (string id, HttpContext http, FleetService fleet, CancellationToken ct) =>
                FleetHttp.Result(await Get(fleet, http.ProjectId(), id, ct), ToDto, CollectionPath))
            .WithName("Get" + Singular).WithSummary($"Show a {noun}")
            .Produces<TDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id}", (string id, HttpContext http, FleetService fleet, CancellationToken ct) => UpdateAsync(id, http, fleet, ct))
            .WithName("Update" + Singular).WithSummary($"Change the fields sent of a {noun}")
            .Accepts<TInput>("application/json").Produces<TDto>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapDelete("/{id}", (string id, HttpContext http, FleetService fleet, CancellationToken ct) => Delete(fleet, http.ProjectId(), id, ct))
            .WithName("Delete" + Singular).WithSummary($"Delete a {noun}")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Answers a list request: the page, or 400 naming each bad query parameter.</summary>
    public async Task<IResult> ListPageAsync(ApiQuery query, Func<FleetPaging, Task<FleetResult<FleetPage<TValue>>>> list)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(list);
        var paging = query.Paging();
        if (query.Errors.HasErrors)
        {
            return ApiProblems.Validation(query.Errors.Errors);
        }

        var result = await list(paging);
        if (!result.IsSuccess)
        {
            return FleetHttp.Problem(result);
        }

        var page = result.Value;
        var items = new TDto[page.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ToDto(page.Items[i]);
        }

        return TypedResults.Ok(ToList(items, page.NextMarker, page.TotalCount));
    }

    private async Task<IResult> CreateAsync(HttpContext http, FleetService fleet, CancellationToken ct)
    {
        var body = await ApiJson.ReadAsync<TInput>(http, ct);
        return body.Problem ?? FleetHttp.Result(await Create(fleet, http.ProjectId(), body.Value!, ct), ToDto, CollectionPath);
    }

    private async Task<IResult> UpdateAsync(string id, HttpContext http, FleetService fleet, CancellationToken ct)
    {
        var body = await ApiJson.ReadAsync<TInput>(http, ct);
        return body.Problem ?? FleetHttp.Result(await Update(fleet, http.ProjectId(), id, body.Value!, ct), ToDto, CollectionPath);
    }

    private Task<IResult> ListAsync(HttpContext http, FleetService fleet, CancellationToken ct)
    {
        var query = new ApiQuery(http.Request);
        var projectId = http.ProjectId();
        var list = List(query);
        return ListPageAsync(query, paging => list(fleet, projectId, paging, ct));
    }
}
