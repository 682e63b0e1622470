namespace Vitals.Storage;

/// <summary>
/// One page of a list: rows whose numeric id is greater than <see cref="After"/>, in numeric id order, at most
/// <see cref="Limit"/> of them. Keyset paging: a page is stable while rows are added or removed between pages.
/// </summary>
public readonly record struct PageRequest(long After = 0, int Limit = PageRequest.DefaultLimit, bool CountTotal = false)
{
    public const int DefaultLimit = 100;

    /// <summary>Largest page the store returns; a larger limit is clamped.</summary>
    public const int MaxLimit = 2000;

    public static PageRequest First { get; } = new(0, DefaultLimit);

    /// <summary>The limit actually used: 1 to <see cref="MaxLimit"/>.</summary>
    public int EffectiveLimit => Math.Clamp(Limit, 1, MaxLimit);
}
