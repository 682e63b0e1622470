using Vitals.Storage;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// Reads every row of a project's list from the store, oldest first. Huawei lists filter on fields and page backwards
/// from a marker, which the store's forward keyset pages cannot do; at the sizes of one project's configuration the
/// whole list is small, so the dialect filters and slices it in memory.
/// </summary>
internal static class HuaweiAllPages
{
    /// <summary>Stops after this many store pages (2000 rows each): a guard, far above any real project.</summary>
    private const int MaxPages = 500;

    public static async Task<IReadOnlyList<T>> ReadAsync<T>(Func<PageRequest, Task<Page<T>>> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var all = new List<T>();
        long after = 0;
        for (var i = 0; i < MaxPages; i++)
        {
            var page = await list(new PageRequest(after, PageRequest.MaxLimit));
            all.AddRange(page.Items);
            if (page.NextAfter is not { } next)
            {
                break;
            }

            after = next;
        }

        return all;
    }
}
