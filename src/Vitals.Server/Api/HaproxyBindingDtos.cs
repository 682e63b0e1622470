using System.Text.Json.Serialization;
using Vitals.Control.Fleet;
using Vitals.Control.Traffic;

namespace Vitals.Server.Api;

/// <summary>An HAProxy binding as the API shows it, with its sync status (null until a sync service reports).</summary>
public sealed record HaproxyBindingDto(string Id, long NumericId, string ProjectId, string Name, string Description,
    [property: JsonPropertyName("loadbalancer_id")] string LoadBalancerId, string RuntimeApi, IReadOnlyDictionary<string, string> Backends,
    bool ManageServers, bool AdminStateUp, HaproxySyncDto? Sync, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IResourceDto
{
    public static HaproxyBindingDto From(HaproxyBindingView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var b = view.Binding;
        return new(b.Id, b.NumericId, b.ProjectId, b.Name, b.Description, b.LoadBalancerId, b.RuntimeApi, b.Backends, b.ManageServers,
            b.AdminStateUp, HaproxySyncDto.From(view.Sync), b.CreatedAt, b.UpdatedAt);
    }
}

/// <summary>How a binding's sync stands (docs/load-balancers.md); read-only.</summary>
public sealed record HaproxySyncDto(string State, DateTimeOffset? LastSyncAt, DateTimeOffset? LastConfirmedAt, bool Confirmed, string? Error,
    int Servers, int Mismatched, double? LagLastMs, double? LagP50Ms, double? LagP99Ms, string? HaproxyVersion)
{
    public static HaproxySyncDto? From(HaproxySyncStatus? s) => s is null
        ? null
        : new(s.State, s.LastSyncAt, s.LastConfirmedAt, s.Confirmed, s.Error, s.Servers, s.Mismatched, s.LagLastMs, s.LagP50Ms, s.LagP99Ms,
            s.HaproxyVersion);
}

/// <summary>A page of HAProxy bindings.</summary>
public sealed record HaproxyBindingListDto(IReadOnlyList<HaproxyBindingDto> HaproxyBindings, string? NextMarker, int TotalCount);
