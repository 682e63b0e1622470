using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    private const string HaproxyBindingKind = "HAProxy binding";

    /// <summary>
    /// Creates an HAProxy binding: the runtime API address must pass the socket policy (a unix path) or the target policy
    /// (a TCP address), the load balancer must exist, and every pool named in <c>backends</c> must be one of its pools.
    /// </summary>
    public async Task<FleetResult<HaproxyBindingView>> CreateHaproxyBindingAsync(string projectId, HaproxyBindingInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        DescriptionRule.Check(errors, input.Description);
        Required(errors, "loadbalancer_id", input.LoadBalancerId);
        RuntimeApi(errors, input.RuntimeApi, required: true);
        HaproxyBindingRules.Backends(errors, input.Backends);
        if (errors.HasErrors)
        {
            return FleetResult<HaproxyBindingView>.Invalid(errors.Errors);
        }

        var loadBalancerId = input.LoadBalancerId!;
        if (await _store.GetLoadBalancerAsync(projectId, loadBalancerId, cancellationToken) is null)
        {
            return FleetResult<HaproxyBindingView>.NotFound("loadbalancer_id", $"load balancer '{loadBalancerId}' does not exist");
        }

        if (await BackendPoolErrorsAsync(projectId, loadBalancerId, input.Backends, cancellationToken) is { } poolErrors)
        {
            return FleetResult<HaproxyBindingView>.Invalid(poolErrors);
        }

        var binding = new HaproxyBinding
        {
            Id = "",
            NumericId = 0,
            ProjectId = projectId,
            Name = input.Name ?? "",
            Description = input.Description ?? "",
            LoadBalancerId = loadBalancerId,
            RuntimeApi = input.RuntimeApi!,
            Backends = Backends(input.Backends) ?? new Dictionary<string, string>(StringComparer.Ordinal),
            ManageServers = input.ManageServers ?? false,
            AdminStateUp = input.AdminStateUp ?? true,
        };
        return BindingView(await CommitAsync(() => _store.CreateHaproxyBindingAsync(binding, cancellationToken), created: true,
            HaproxyBindingKind, null, cancellationToken));
    }

    public async Task<FleetResult<HaproxyBindingView>> GetHaproxyBindingAsync(string projectId, string id, CancellationToken cancellationToken) =>
        BindingView(Found(await _store.GetHaproxyBindingAsync(projectId, id, cancellationToken), HaproxyBindingKind, id));

    /// <summary>Changes the fields sent; <c>backends</c>, when sent, replaces every entry.</summary>
    public async Task<FleetResult<HaproxyBindingView>> UpdateHaproxyBindingAsync(string projectId, string id, HaproxyBindingInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetHaproxyBindingAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<HaproxyBindingView>(HaproxyBindingKind, id);
        }

        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        DescriptionRule.Check(errors, input.Description);
        Fixed(errors, input, "loadbalancer_id", input.LoadBalancerId, current.LoadBalancerId);
        RuntimeApi(errors, input.RuntimeApi, required: false);
        HaproxyBindingRules.Backends(errors, input.Backends);
        if (errors.HasErrors)
        {
            return FleetResult<HaproxyBindingView>.Invalid(errors.Errors);
        }

        if (await BackendPoolErrorsAsync(projectId, current.LoadBalancerId, input.Backends, cancellationToken) is { } poolErrors)
        {
            return FleetResult<HaproxyBindingView>.Invalid(poolErrors);
        }

        var changed = current with
        {
            Name = input.Name ?? current.Name,
            Description = input.Description ?? current.Description,
            RuntimeApi = input.RuntimeApi ?? current.RuntimeApi,
            Backends = Backends(input.Backends) ?? current.Backends,
            ManageServers = input.ManageServers ?? current.ManageServers,
            AdminStateUp = input.AdminStateUp ?? current.AdminStateUp,
        };
        return BindingView(await CommitAsync(() => _store.UpdateHaproxyBindingAsync(changed, cancellationToken), created: false,
            HaproxyBindingKind, id, cancellationToken));
    }

    public Task<FleetResult<HaproxyBinding>> DeleteHaproxyBindingAsync(string projectId, string id, CancellationToken cancellationToken) =>
        DeleteAsync(() => _store.GetHaproxyBindingAsync(projectId, id, cancellationToken),
            () => _store.DeleteHaproxyBindingAsync(projectId, id, cancellationToken), HaproxyBindingKind, id, cancellationToken);

    public async Task<FleetResult<FleetPage<HaproxyBindingView>>> ListHaproxyBindingsAsync(string projectId, HaproxyBindingFilter filter,
        FleetPaging paging, CancellationToken cancellationToken)
    {
        var page = await PageAsync(paging, HaproxyBindingKind, marker => _store.GetHaproxyBindingAsync(projectId, marker, cancellationToken),
            request => _store.ListHaproxyBindingsAsync(projectId, filter, request, cancellationToken));
        if (!page.IsSuccess)
        {
            return page.As<FleetPage<HaproxyBindingView>>();
        }

        var views = new HaproxyBindingView[page.Value!.Items.Count];
        for (var i = 0; i < views.Length; i++)
        {
            var binding = page.Value.Items[i];
            views[i] = new HaproxyBindingView(binding, _syncStatus.Get(binding.Id));
        }

        return FleetResult<FleetPage<HaproxyBindingView>>.Ok(new FleetPage<HaproxyBindingView>(views, page.Value.NextMarker, page.Value.TotalCount));
    }

    private FleetResult<HaproxyBindingView> BindingView(FleetResult<HaproxyBinding> result)
    {
        if (!result.IsSuccess)
        {
            return result.As<HaproxyBindingView>();
        }

        var view = new HaproxyBindingView(result.Value!, _syncStatus.Get(result.Value!.Id));
        return result.Outcome == FleetOutcome.Created ? FleetResult<HaproxyBindingView>.Created(view) : FleetResult<HaproxyBindingView>.Ok(view);
    }

    /// <summary>The runtime API's syntax and policies: a unix socket under <c>--allow-sockets</c>, a TCP address past the target policy.</summary>
    private void RuntimeApi(FieldErrorList errors, string? text, bool required)
    {
        if (HaproxyBindingRules.RuntimeApi(errors, text, required, _sockets) is { Endpoint: { } endpoint })
        {
            Target(errors, "runtime_api", endpoint.Address);
        }
    }

    /// <summary>Every pool named must be a pool of the binding's load balancer; null when they all are.</summary>
    private async Task<IReadOnlyList<FieldError>?> BackendPoolErrorsAsync(string projectId, string loadBalancerId,
        IReadOnlyDictionary<string, string>? backends, CancellationToken cancellationToken)
    {
        if (backends is null || backends.Count == 0)
        {
            return null;
        }

        var pools = await _store.ListServerGroupsAsync(projectId, ServerGroupFilter.All with { LoadBalancerId = loadBalancerId, Ids = [.. backends.Keys] },
            new PageRequest(0, backends.Count), cancellationToken);
        var found = new HashSet<string>(pools.Items.Select(static p => p.Id), StringComparer.Ordinal);
        var errors = new FieldErrorList();
        foreach (var poolId in backends.Keys.Order(StringComparer.Ordinal))
        {
            if (!found.Contains(poolId))
            {
                errors.Add($"backends.{poolId}", $"must be a pool of load balancer '{loadBalancerId}' (got '{poolId}')");
            }
        }

        return errors.HasErrors ? errors.Errors : null;
    }

    private static Dictionary<string, string>? Backends(IReadOnlyDictionary<string, string>? backends) =>
        backends?.ToDictionary(StringComparer.Ordinal);
}
