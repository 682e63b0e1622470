using Vitals.Control.Health;

namespace Vitals.Server.Auth;

/// <summary>Who is calling: the admin, or a project's token holder.</summary>
public sealed record Caller(string? ProjectId, bool IsAdmin)
{
    public static Caller Admin { get; } = new(null, true);

    public static Caller ForProject(string projectId) => new(projectId, false);

    /// <summary>What the caller may read: every project for the admin, else its own.</summary>
    internal ProjectScope Scope => IsAdmin ? ProjectScope.All : ProjectId is { } projectId ? ProjectScope.Of(projectId) : ProjectScope.None;
}
