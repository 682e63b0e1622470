namespace Vitals.Control.Traffic;

/// <summary>The status source when no sync service runs: every binding's <c>sync</c> is null.</summary>
internal sealed class NoHaproxySyncStatus : IHaproxySyncStatus
{
    public HaproxySyncStatus? Get(string bindingId) => null;
}
