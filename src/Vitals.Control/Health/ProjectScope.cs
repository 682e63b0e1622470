namespace Vitals.Control.Health;

/// <summary>
/// Which projects a read may see: one project (a token holder, a dialect caller) or all of them (the admin). Every live
/// read takes one, so an id of another project answers exactly like an unknown one.
/// </summary>
internal readonly record struct ProjectScope
{
    private ProjectScope(string? projectId, bool all)
    {
        ProjectId = projectId;
        IsAll = all;
    }

    /// <summary>Every project.</summary>
    public static ProjectScope All { get; } = new(null, true);

    /// <summary>Nothing: a caller that is neither the admin nor holds a project's token.</summary>
    public static ProjectScope None { get; } = new(null, false);

    /// <summary>The one project; null when the scope is <see cref="All"/> or <see cref="None"/>.</summary>
    public string? ProjectId { get; }

    public bool IsAll { get; }

    public static ProjectScope Of(string projectId)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        return new ProjectScope(projectId, false);
    }

    public bool Sees(string projectId) => IsAll || (ProjectId is not null && string.Equals(ProjectId, projectId, StringComparison.Ordinal));
}
