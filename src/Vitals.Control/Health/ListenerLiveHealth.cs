using Vitals.Core.Resources;

namespace Vitals.Control.Health;

/// <summary>A listener and the live health of its default pool (none when it has no default pool).</summary>
internal sealed record ListenerLiveHealth(Listener Listener, IReadOnlyList<PoolLiveHealth> Pools);
