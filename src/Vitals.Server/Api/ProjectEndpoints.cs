using System.Security.Cryptography;
using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage;

namespace Vitals.Server.Api;

/// <summary><c>/api/v1/projects</c>: the admin creates projects, each with a first bearer token.</summary>
public static class ProjectEndpoints
{
    public static RouteGroupBuilder MapProjectEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/projects").RequireCaller(adminOnly: true).WithTags("Projects");
        group.MapPost("/", CreateAsync).WithName("CreateProject").WithSummary("Create a project and its first token (admin)")
            .Accepts<CreateProjectRequest>("application/json").Produces<CreatedProjectDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        group.MapGet("/", ListAsync).WithName("ListProjects").WithSummary("List the projects (admin)").Produces<ProjectListDto>();
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<CreateProjectRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrorList();
        if (string.IsNullOrWhiteSpace(body!.Name))
        {
            errors.Add("name", "is required: a project needs a name");
        }

        ResourceRules.Name(errors, body.Name);
        if (errors.HasErrors)
        {
            return ApiProblems.Validation(errors.Errors);
        }

        var token = NewToken();
        var project = new Project(ResourceIds.New(ResourceIds.Project, Random.Shared), body.Name!, time.GetUtcNow());
        var created = await store.CreateProjectAsync(project, TokenHash.Compute(token), cancellationToken);
        if (created.Outcome != StoreOutcome.Ok)
        {
            return ApiProblems.Conflict(created.Field, created.Message ?? "the project could not be created");
        }

        var p = created.Value!;
        return TypedResults.Created($"/api/v1/projects/{p.Id}", new CreatedProjectDto(ToDto(p), token));
    }

    private static async Task<IResult> ListAsync(IStore store, CancellationToken cancellationToken)
    {
        var projects = await store.ListProjectsAsync(cancellationToken);
        return TypedResults.Ok(new ProjectListDto([.. projects.Select(ToDto)]));
    }

    /// <summary>A bearer token: 32 random bytes, URL-safe, with a readable prefix so leaked tokens are recognisable.</summary>
    public static string NewToken() => "vt_" + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ProjectDto ToDto(Project p) => new(p.Id, p.Name, p.CreatedAt);
}
