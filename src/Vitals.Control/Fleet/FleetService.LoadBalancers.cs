using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    private const string LoadBalancerKind = "load balancer";

    public Task<FleetResult<LoadBalancer>> CreateLoadBalancerAsync(string projectId, LoadBalancerInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = CheckLoadBalancer(input);
        if (errors.HasErrors)
        {
            return Task.FromResult(FleetResult<LoadBalancer>.Invalid(errors.Errors));
        }

        var loadBalancer = new LoadBalancer
        {
            Id = "",
            NumericId = 0,
            ProjectId = projectId,
            Name = input.Name ?? "",
            Description = input.Description ?? "",
            Region = input.Region ?? ResourceRules.DefaultRegion,
        };
        return CommitAsync(() => _store.CreateLoadBalancerAsync(loadBalancer, cancellationToken), created: true, LoadBalancerKind, null,
            cancellationToken);
    }

    public async Task<FleetResult<LoadBalancer>> GetLoadBalancerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        Found(await _store.GetLoadBalancerAsync(projectId, id, cancellationToken), LoadBalancerKind, id);

    public async Task<FleetResult<LoadBalancer>> UpdateLoadBalancerAsync(string projectId, string id, LoadBalancerInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetLoadBalancerAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<LoadBalancer>(LoadBalancerKind, id);
        }

        var errors = CheckLoadBalancer(input);
        if (errors.HasErrors)
        {
            return FleetResult<LoadBalancer>.Invalid(errors.Errors);
        }

        var changed = current with
        {
            Name = input.Name ?? current.Name,
            Description = input.Description ?? current.Description,
            Region = input.Region ?? current.Region,
        };
        return await CommitAsync(() => _store.UpdateLoadBalancerAsync(changed, cancellationToken), created: false, LoadBalancerKind, id,
            cancellationToken);
    }

    public Task<FleetResult<LoadBalancer>> DeleteLoadBalancerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        DeleteAsync(() => _store.GetLoadBalancerAsync(projectId, id, cancellationToken),
            () => _store.DeleteLoadBalancerAsync(projectId, id, cancellationToken), LoadBalancerKind, id, cancellationToken);

    public Task<FleetResult<FleetPage<LoadBalancer>>> ListLoadBalancersAsync(string projectId, LoadBalancerFilter filter, FleetPaging paging,
        CancellationToken cancellationToken) =>
        PageAsync(paging, LoadBalancerKind, marker => _store.GetLoadBalancerAsync(projectId, marker, cancellationToken),
            page => _store.ListLoadBalancersAsync(projectId, filter, page, cancellationToken));

    private static FieldErrorList CheckLoadBalancer(LoadBalancerInput input)
    {
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        DescriptionRule.Check(errors, input.Description);
        ResourceRules.Region(errors, input.Region);
        return errors;
    }
}
