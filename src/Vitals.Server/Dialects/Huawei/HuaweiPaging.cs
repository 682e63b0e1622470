using Vitals.Control.Fleet;

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
    /// The native slice: forward, the records after the marker; reverse, the records just before it, still oldest first.
    /// A limit of 0 is the largest page; without a limit, the first <see cref="MaxLimit"/> (the marker only checked).
    /// </summary>
    public FleetSlice ToSlice() => Limit is { } limit
        ? new FleetSlice(limit == 0 ? MaxLimit : limit, Marker, PageReverse)
        : new FleetSlice(MaxLimit, Marker, Reverse: false) { MarkerCheckedOnly = true };
}
