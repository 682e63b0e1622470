using System.Collections.Frozen;
using Vitals.Control.Fleet;
using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>Body of <c>POST /api/v1/projects</c>, read like every create body (field-level errors, no minimal-API binding).</summary>
public sealed record CreateProjectRequest(string? Name) : FleetInput, IFleetInput
{
    public static FrozenSet<string> NullableFields { get; } = FrozenSet<string>.Empty;

    public static string Kind => "project";
}

/// <summary>A project as the API shows it.</summary>
public sealed record ProjectDto(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>Answer of <c>POST /api/v1/projects</c>: the project and its first token (shown once).</summary>
public sealed record CreatedProjectDto(ProjectDto Project, string Token);

/// <summary>A list answer.</summary>
public sealed record ProjectListDto(IReadOnlyList<ProjectDto> Projects);
