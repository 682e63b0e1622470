namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// <c>limit</c>, <c>marker</c> and <c>page_reverse</c> of a Huawei list. Marker and page_reverse take effect only with a
/// limit (seed constraint); a marker is still checked when sent, since it "cannot be blank or an invalid ID".
/// </summary>
internal sealed record HuaweiPaging(int? Limit, string? Marker, bool PageReverse)
{
    public const int MaxLimit = 2000;

    /// <summary>Reads the three parameters; errors go to <paramref name="query"/>.</summary>
    public static HuaweiPaging Read(HuaweiQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = query.Integer("limit");
        if (limit is < 0 or > MaxLimit)
        {
            query.AddError("limit", $"must be an integer from 0 to {MaxLimit} (got {limit})");
            limit = null;
        }

        var marker = query.Single("marker");
        if (marker is { Length: 0 })
        {
            query.AddError("marker", "must not be blank");
        }

        var reverse = query.Boolean("page_reverse") ?? false;
        return new HuaweiPaging(limit, marker, reverse);
    }

    /// <summary>
    /// The page out of <paramref name="items"/> (all matching records, oldest first). <paramref name="pivot"/> is the
    /// numeric id of the marker record. Forward: the records after it; reverse: the records just before it, still oldest
    /// first. Without a limit: the first <see cref="MaxLimit"/>.
    /// </summary>
    public IReadOnlyList<T> Slice<T>(IReadOnlyList<T> items, Func<T, long> numericId, long? pivot)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(numericId);
        if (Limit is null)
        {
            return Take(items, 0, Math.Min(items.Count, MaxLimit));
        }

        var size = Limit == 0 ? MaxLimit : Limit.Value;
        if (!PageReverse)
        {
            var start = 0;
            if (pivot is { } after)
            {
                while (start < items.Count && numericId(items[start]) <= after)
                {
                    start++;
                }
            }

            return Take(items, start, Math.Min(size, items.Count - start));
        }

        var end = items.Count;
        if (pivot is { } before)
        {
            end = 0;
            while (end < items.Count && numericId(items[end]) < before)
            {
                end++;
            }
        }

        var first = Math.Max(0, end - size);
        return Take(items, first, end - first);
    }

    public static HuaweiPageInfoDto Info<T>(IReadOnlyList<T> page, Func<T, string> id)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(id);
        return page.Count == 0
            ? new HuaweiPageInfoDto(null, null, 0)
            : new HuaweiPageInfoDto(id(page[0]), id(page[^1]), page.Count);
    }

    private static T[] Take<T>(IReadOnlyList<T> items, int start, int count)
    {
        var page = new T[count];
        for (var i = 0; i < count; i++)
        {
            page[i] = items[start + i];
        }

        return page;
    }
}
