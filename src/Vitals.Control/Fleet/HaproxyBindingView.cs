using Vitals.Control.Traffic;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>An HAProxy binding with how its sync stands (null until a sync service reports on it).</summary>
public sealed record HaproxyBindingView(HaproxyBinding Binding, HaproxySyncStatus? Sync);
