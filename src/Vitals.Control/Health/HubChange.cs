namespace Vitals.Control.Health;

/// <summary>
/// What the event hub hands its subscribers: a member's change (<see cref="HealthChange"/>) or a pool entering or
/// leaving panic (<see cref="PanicChange"/>), each for the subscribers of its project.
/// </summary>
/// <param name="ProjectId">The project it belongs to.</param>
/// <param name="At">When it was published.</param>
internal abstract record HubChange(string ProjectId, DateTimeOffset At);
