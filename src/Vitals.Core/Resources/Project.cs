namespace Vitals.Core.Resources;

/// <summary>The tenant: every resource belongs to one, and every token is scoped to one.</summary>
public sealed record Project(string Id, string Name, DateTimeOffset CreatedAt);
