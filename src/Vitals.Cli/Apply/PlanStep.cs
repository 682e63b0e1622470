namespace Vitals.Cli.Apply;

/// <summary>One line of an apply plan: what is created, changed (field by field) or deleted.</summary>
internal sealed record PlanStep(PlanAction Action, string Kind, string Label, string? Id, string? Detail, IReadOnlyList<FieldChange> Changes);
