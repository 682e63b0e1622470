using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    private const string PoolKind = "pool";

    /// <summary>
    /// Creates a server group; with <see cref="ServerGroupInput.ListenerId"/> that listener (same load balancer, no
    /// default pool yet) then forwards to it. Two store writes in the gate: if the second fails, the first is undone.
    /// </summary>
    public Task<FleetResult<ServerGroupView>> CreateServerGroupAsync(string projectId, ServerGroupInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        Required(errors, "loadbalancer_id", input.LoadBalancerId);
        var protocol = ParsePoolProtocol(errors, input.Protocol, required: true);
        var algorithm = ParseAlgorithm(errors, input.LbAlgorithm) ?? LbAlgorithms.RoundRobin;
        MinHealthyPercent(errors, input.MinHealthyPercent);
        if (input.ListenerId is { Length: 0 })
        {
            errors.Add("listener_id", "must be a listener id or null");
        }

        if (errors.HasErrors)
        {
            return Task.FromResult(FleetResult<ServerGroupView>.Invalid(errors.Errors));
        }

        var pool = new ServerGroup
        {
            Id = "",
            NumericId = 0,
            ProjectId = projectId,
            Name = input.Name ?? "",
            LoadBalancerId = input.LoadBalancerId!,
            Protocol = protocol!.Value,
            LbAlgorithm = algorithm,
            AdminStateUp = input.AdminStateUp ?? true,
            MinHealthyPercent = input.MinHealthyPercent,
        };
        return GatedAsync(async () =>
        {
            Listener? listener = null;
            if (input.ListenerId is { } listenerId)
            {
                listener = await _store.GetListenerAsync(projectId, listenerId, cancellationToken);
                if (await CheckListenerForPoolAsync(projectId, listener, listenerId, pool.LoadBalancerId, cancellationToken) is { } refused)
                {
                    return refused;
                }
            }

            var created = await _store.CreateServerGroupAsync(pool, cancellationToken);
            if (!created.IsOk)
            {
                return Failure<ServerGroup, ServerGroupView>(created, PoolKind, null);
            }

            var stored = created.Value!;
            if (listener is null)
            {
                NotifyUpserted(stored);
                return FleetResult<ServerGroupView>.Created(new ServerGroupView(stored, null, null));
            }

            // The pool is committed: finish (or undo) without the caller's token, so an abort cannot leave half a change.
            var attached = await _store.UpdateListenerAsync(listener with { DefaultPoolId = stored.Id }, CancellationToken.None);
            if (!attached.IsOk)
            {
                // Another writer changed the listener meanwhile: undo the pool so that a failed request writes nothing.
                await _store.DeleteServerGroupAsync(projectId, stored.Id, CancellationToken.None);
                return Failure<Listener, ServerGroupView>(attached, ListenerKind, listener.Id);
            }

            NotifyUpserted(stored);
            NotifyUpserted(attached.Value!);
            return FleetResult<ServerGroupView>.Created(new ServerGroupView(stored, listener.Id, null));
        }, cancellationToken);
    }

    public async Task<FleetResult<ServerGroupView>> GetServerGroupAsync(string projectId, string id, CancellationToken cancellationToken)
    {
        var pool = await _store.GetServerGroupAsync(projectId, id, cancellationToken);
        return pool is null ? Missing<ServerGroupView>(PoolKind, id) : FleetResult<ServerGroupView>.Ok(await ViewAsync(pool, cancellationToken));
    }

    public async Task<FleetResult<ServerGroupView>> UpdateServerGroupAsync(string projectId, string id, ServerGroupInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetServerGroupAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<ServerGroupView>(PoolKind, id);
        }

        var view = await ViewAsync(current, cancellationToken);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        Fixed(errors, input, "loadbalancer_id", input.LoadBalancerId, current.LoadBalancerId);
        var protocol = ParsePoolProtocol(errors, input.Protocol, required: false);
        Fixed(errors, input, "protocol", protocol?.ToWire(), current.Protocol.ToWire());
        var algorithm = ParseAlgorithm(errors, input.LbAlgorithm);
        MinHealthyPercent(errors, input.MinHealthyPercent);
        if (input.Has("listener_id") && input.ListenerId != view.ListenerId)
        {
            errors.Add("listener_id", "cannot be changed here: set default_pool_id on the listener instead");
        }

        if (errors.HasErrors)
        {
            return FleetResult<ServerGroupView>.Invalid(errors.Errors);
        }

        var changed = current with
        {
            Name = input.Name ?? current.Name,
            LbAlgorithm = algorithm ?? current.LbAlgorithm,
            AdminStateUp = input.AdminStateUp ?? current.AdminStateUp,
            MinHealthyPercent = input.Has("min_healthy_percent") ? input.MinHealthyPercent : current.MinHealthyPercent,
        };
        var updated = await CommitAsync(() => _store.UpdateServerGroupAsync(changed, cancellationToken), created: false, PoolKind, id,
            cancellationToken);
        return updated.IsSuccess
            ? FleetResult<ServerGroupView>.Ok(view with { Pool = updated.Value })
            : updated.As<ServerGroupView>();
    }

    /// <summary>Deletes a server group and with it its health monitor (observers hear of both).</summary>
    public Task<FleetResult<ServerGroup>> DeleteServerGroupAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GatedAsync(async () =>
        {
            var current = await _store.GetServerGroupAsync(projectId, id, cancellationToken);
            if (current is null)
            {
                return Missing<ServerGroup>(PoolKind, id);
            }

            var monitor = await MonitorOfPoolAsync(projectId, id, cancellationToken);
            var deleted = await _store.DeleteServerGroupAsync(projectId, id, cancellationToken);
            if (!deleted.IsOk)
            {
                return Failure<Deleted, ServerGroup>(deleted, PoolKind, id);
            }

            if (monitor is not null)
            {
                NotifyDeleted(monitor);
            }

            NotifyDeleted(current);
            return FleetResult<ServerGroup>.Ok(current);
        }, cancellationToken);

    /// <summary>Lists server groups; <paramref name="listenerId"/> keeps only the default pool of that listener.</summary>
    public async Task<FleetResult<FleetPage<ServerGroupView>>> ListServerGroupsAsync(string projectId, ServerGroupFilter filter,
        string? listenerId, FleetPaging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (listenerId is not null)
        {
            var listener = await _store.GetListenerAsync(projectId, listenerId, cancellationToken);
            IReadOnlyList<string> only = listener?.DefaultPoolId is { } poolId && (filter.Ids is null || filter.Ids.Contains(poolId, StringComparer.Ordinal))
                ? [poolId]
                : [];
            filter = filter with { Ids = only };
        }

        var page = await PageAsync(paging, PoolKind, marker => _store.GetServerGroupAsync(projectId, marker, cancellationToken),
            request => _store.ListServerGroupsAsync(projectId, filter, request, cancellationToken));
        return await ViewsAsync(page, cancellationToken);
    }

    /// <summary>A page of server groups with what attaches to each (its listener and monitor), or the page's failure.</summary>
    private async Task<FleetResult<FleetPage<ServerGroupView>>> ViewsAsync(FleetResult<FleetPage<ServerGroup>> page, CancellationToken cancellationToken)
    {
        if (!page.IsSuccess)
        {
            return page.As<FleetPage<ServerGroupView>>();
        }

        var views = new ServerGroupView[page.Value!.Items.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = await ViewAsync(page.Value.Items[i], cancellationToken);
        }

        return FleetResult<FleetPage<ServerGroupView>>.Ok(new FleetPage<ServerGroupView>(views, page.Value.NextMarker, page.Value.TotalCount));
    }

    private async Task<ServerGroupView> ViewAsync(ServerGroup pool, CancellationToken cancellationToken)
    {
        var listener = await ListenerOfPoolAsync(pool.ProjectId, pool.Id, cancellationToken);
        var monitor = await MonitorOfPoolAsync(pool.ProjectId, pool.Id, cancellationToken);
        return new ServerGroupView(pool, listener?.Id, monitor?.Id);
    }

    private async Task<HealthMonitor?> MonitorOfPoolAsync(string projectId, string poolId, CancellationToken cancellationToken)
    {
        var monitors = await _store.ListHealthMonitorsAsync(projectId, HealthMonitorFilter.All with { PoolId = poolId }, new PageRequest(0, 1),
            cancellationToken);
        return monitors.Items.Count == 0 ? null : monitors.Items[0];
    }

    private async Task<FleetResult<ServerGroupView>?> CheckListenerForPoolAsync(string projectId, Listener? listener, string listenerId,
        string loadBalancerId, CancellationToken cancellationToken)
    {
        if (listener is null)
        {
            return FleetResult<ServerGroupView>.NotFound("listener_id", $"listener '{listenerId}' does not exist");
        }

        if (await _store.GetLoadBalancerAsync(projectId, loadBalancerId, cancellationToken) is null)
        {
            return FleetResult<ServerGroupView>.NotFound("loadbalancer_id", $"load balancer '{loadBalancerId}' does not exist");
        }

        if (listener.LoadBalancerId != loadBalancerId)
        {
            return FleetResult<ServerGroupView>.Conflict("listener_id", "the listener belongs to another load balancer");
        }

        return listener.DefaultPoolId is { } existing
            ? FleetResult<ServerGroupView>.Conflict("listener_id", $"the listener already forwards to pool '{existing}'")
            : null;
    }

    private static PoolProtocol? ParsePoolProtocol(FieldErrorList errors, string? text, bool required)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add("protocol", $"is required: one of {ProtocolNames.PoolAllowedList}");
            }

            return null;
        }

        if (!ProtocolNames.TryParsePool(text, out var protocol))
        {
            errors.Add("protocol", $"must be one of {ProtocolNames.PoolAllowedList} (got '{text}')");
        }

        return protocol;
    }

    /// <summary>The fail-open guardrail: 1 to 100 when set (null is off).</summary>
    private static void MinHealthyPercent(FieldErrorList errors, int? percent) => errors.RequireRange("min_healthy_percent", percent, 1, 100);

    private static string? ParseAlgorithm(FieldErrorList errors, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!LbAlgorithms.TryParse(text, out var algorithm))
        {
            errors.Add("lb_algorithm", $"must be one of {LbAlgorithms.AllowedList} (got '{text}')");
        }

        return algorithm;
    }
}
