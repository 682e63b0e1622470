using Vitals.Core.Resources;
using Vitals.Core.Traffic;

namespace Vitals.Control.Health;

/// <summary>A pool entered panic, changed the members it keeps, or left it (<see cref="Panic"/> null).</summary>
/// <param name="Pool">The pool.</param>
/// <param name="Panic">The panic now, or null when the pool is back to normal.</param>
/// <param name="At">When it was seen.</param>
internal sealed record PanicChange(ServerGroup Pool, PoolPanic? Panic, DateTimeOffset At) : HubChange(Pool.ProjectId, At);
