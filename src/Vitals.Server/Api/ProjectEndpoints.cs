using Vitals.Control.Access;
using Vitals.Core.Resources;
using Vitals.Core.Validation;

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

    private static async Task<IResult> CreateAsync(HttpContext http, CredentialService access, TimeProvider time, CancellationToken cancellationToken)
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

        var created = await access.CreateProjectAsync(body.Name!, time.GetUtcNow(), cancellationToken);
        if (!created.IsOk)
        {
            return ApiProblems.Conflict(created.Field, created.Message ?? "the project could not be created");
        }

        var (project, token) = created.Value!;
        return TypedResults.Created($"/api/v1/projects/{project.Id}", new CreatedProjectDto(ToDto(project), token));
    }

    private static async Task<IResult> ListAsync(CredentialService access, CancellationToken cancellationToken)
    {
        var projects = await access.ListProjectsAsync(cancellationToken);
        return TypedResults.Ok(new ProjectListDto([.. projects.Select(ToDto)]));
    }

    private static ProjectDto ToDto(Project p) => new(p.Id, p.Name, p.CreatedAt);
}
