using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    private const string ListenerKind = "listener";

    public Task<FleetResult<Listener>> CreateListenerAsync(string projectId, ListenerInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        Required(errors, "loadbalancer_id", input.LoadBalancerId);
        var protocol = ParseListenerProtocol(errors, input.Protocol, required: true);
        ResourceRules.Port(errors, "protocol_port", input.ProtocolPort, required: true);
        if (errors.HasErrors)
        {
            return Task.FromResult(FleetResult<Listener>.Invalid(errors.Errors));
        }

        var listener = new Listener
        {
            Id = "",
            NumericId = 0,
            ProjectId = projectId,
            Name = input.Name ?? "",
            LoadBalancerId = input.LoadBalancerId!,
            Protocol = protocol!.Value,
            ProtocolPort = input.ProtocolPort!.Value,
            DefaultPoolId = input.DefaultPoolId,
            AdminStateUp = input.AdminStateUp ?? true,
        };
        return GatedAsync(async () =>
        {
            if (await PoolTakenAsync(projectId, listener.DefaultPoolId, null, cancellationToken) is { } taken)
            {
                return taken.As<Listener>();
            }

            return CommitUngated(await _store.CreateListenerAsync(listener, cancellationToken), created: true, ListenerKind, null);
        }, cancellationToken);
    }

    public async Task<FleetResult<Listener>> GetListenerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        Found(await _store.GetListenerAsync(projectId, id, cancellationToken), ListenerKind, id);

    public async Task<FleetResult<Listener>> UpdateListenerAsync(string projectId, string id, ListenerInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetListenerAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<Listener>(ListenerKind, id);
        }

        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        Fixed(errors, input, "loadbalancer_id", input.LoadBalancerId, current.LoadBalancerId);
        var protocol = ParseListenerProtocol(errors, input.Protocol, required: false);
        Fixed(errors, input, "protocol", protocol?.ToWire(), current.Protocol.ToWire());
        ResourceRules.Port(errors, "protocol_port", input.ProtocolPort, required: false);
        Fixed(errors, input, "protocol_port", input.ProtocolPort, current.ProtocolPort);
        if (errors.HasErrors)
        {
            return FleetResult<Listener>.Invalid(errors.Errors);
        }

        var changed = current with
        {
            Name = input.Name ?? current.Name,
            DefaultPoolId = input.Has("default_pool_id") ? input.DefaultPoolId : current.DefaultPoolId,
            AdminStateUp = input.AdminStateUp ?? current.AdminStateUp,
        };
        return await GatedAsync(async () =>
        {
            if (await PoolTakenAsync(projectId, changed.DefaultPoolId, id, cancellationToken) is { } taken)
            {
                return taken.As<Listener>();
            }

            return CommitUngated(await _store.UpdateListenerAsync(changed, cancellationToken), created: false, ListenerKind, id);
        }, cancellationToken);
    }

    public Task<FleetResult<Listener>> DeleteListenerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        DeleteAsync(() => _store.GetListenerAsync(projectId, id, cancellationToken),
            () => _store.DeleteListenerAsync(projectId, id, cancellationToken), ListenerKind, id, cancellationToken);

    public Task<FleetResult<FleetPage<Listener>>> ListListenersAsync(string projectId, ListenerFilter filter, FleetPaging paging,
        CancellationToken cancellationToken) =>
        PageAsync(paging, ListenerKind, marker => _store.GetListenerAsync(projectId, marker, cancellationToken),
            page => _store.ListListenersAsync(projectId, filter, page, cancellationToken));

    /// <summary>A pool is the default pool of at most one listener (as in Octavia); a conflict when another listener has it.</summary>
    private async Task<FleetResult<Listener>?> PoolTakenAsync(string projectId, string? poolId, string? exceptListenerId,
        CancellationToken cancellationToken)
    {
        var user = await ListenerOfPoolAsync(projectId, poolId, cancellationToken);
        return user is null || user.Id == exceptListenerId
            ? null
            : FleetResult<Listener>.Conflict("default_pool_id", $"the pool is already the default pool of listener '{user.Id}'");
    }

    private async Task<Listener?> ListenerOfPoolAsync(string projectId, string? poolId, CancellationToken cancellationToken)
    {
        if (poolId is null)
        {
            return null;
        }

        var users = await _store.ListListenersAsync(projectId, ListenerFilter.All with { DefaultPoolId = poolId }, new PageRequest(0, 1),
            cancellationToken);
        return users.Items.Count == 0 ? null : users.Items[0];
    }

    private static ListenerProtocol? ParseListenerProtocol(FieldErrorList errors, string? text, bool required)
    {
        if (text is null)
        {
            if (required)
            {
                errors.Add("protocol", $"is required: one of {ProtocolNames.ListenerAllowedList}");
            }

            return null;
        }

        if (!ProtocolNames.TryParseListener(text, out var protocol))
        {
            errors.Add("protocol", $"must be one of {ProtocolNames.ListenerAllowedList} (got '{text}')");
        }

        return protocol;
    }

    private static void Required(FieldErrorList errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "is required");
        }
    }
}
