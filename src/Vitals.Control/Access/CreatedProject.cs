using Vitals.Core.Resources;

namespace Vitals.Control.Access;

/// <summary>A project just created and its first bearer token, which is shown this once and never stored.</summary>
public sealed record CreatedProject(Project Project, string Token);
