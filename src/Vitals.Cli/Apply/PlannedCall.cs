namespace Vitals.Cli.Apply;

/// <summary>One request of an apply, in execution order; <see cref="Step"/> is the plan line it carries out.</summary>
internal sealed record PlannedCall(PlanStep Step, Func<ApplyRun, CancellationToken, Task> RunAsync);
