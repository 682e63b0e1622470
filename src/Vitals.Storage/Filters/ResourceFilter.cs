namespace Vitals.Storage.Filters;

/// <summary>What every list can be filtered by. Null fields do not filter; set fields must all match.</summary>
public abstract record ResourceFilter
{
    /// <summary>Only these string ids (e.g. Huawei's repeated <c>id=</c>, Alibaba's <c>InstanceId.N</c>).</summary>
    public IReadOnlyList<string>? Ids { get; init; }

    /// <summary>Only the row with this numeric id (OVH's integer ids).</summary>
    public long? NumericId { get; init; }

    /// <summary>Exact name.</summary>
    public string? Name { get; init; }
}
