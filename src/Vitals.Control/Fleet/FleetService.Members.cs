using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    private const string MemberKind = "member";

    /// <summary>Creates a member: one store transaction, which also checks its pool and instance (so no reads first).</summary>
    public Task<FleetResult<Member>> CreateMemberAsync(string projectId, MemberInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        Required(errors, "pool_id", input.PoolId);
        var address = ResourceRules.Address(errors, "address", input.Address, required: true);
        Target(errors, "address", address);
        ResourceRules.Port(errors, "protocol_port", input.ProtocolPort, required: true);
        ResourceRules.Weight(errors, input.Weight);
        if (input.InstanceId is { Length: 0 })
        {
            errors.Add("instance_id", "must be an instance id or null");
        }

        if (errors.HasErrors)
        {
            return Task.FromResult(FleetResult<Member>.Invalid(errors.Errors));
        }

        var member = new Member
        {
            Id = "",
            NumericId = 0,
            ProjectId = projectId,
            Name = input.Name ?? "",
            PoolId = input.PoolId!,
            // Stored in canonical form so that 10.0.0.1 and 10.000.0.1, or two spellings of an IPv6 address, are one member.
            Address = address!.ToString(),
            ProtocolPort = input.ProtocolPort!.Value,
            Weight = input.Weight ?? 1,
            AdminStateUp = input.AdminStateUp ?? true,
            InstanceId = input.InstanceId,
        };
        return CommitAsync(() => _store.CreateMemberAsync(member, cancellationToken), created: true, MemberKind, null, cancellationToken);
    }

    public async Task<FleetResult<Member>> GetMemberAsync(string projectId, string id, CancellationToken cancellationToken) =>
        Found(await _store.GetMemberAsync(projectId, id, cancellationToken), MemberKind, id);

    public async Task<FleetResult<Member>> UpdateMemberAsync(string projectId, string id, MemberInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetMemberAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<Member>(MemberKind, id);
        }

        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        Fixed(errors, input, "pool_id", input.PoolId, current.PoolId);
        var address = ResourceRules.Address(errors, "address", input.Address, required: false);
        if (input.Address is not null && address is not null)
        {
            Fixed(errors, input, "address", address.ToString(), current.Address);
        }

        ResourceRules.Port(errors, "protocol_port", input.ProtocolPort, required: false);
        Fixed(errors, input, "protocol_port", input.ProtocolPort, current.ProtocolPort);
        ResourceRules.Weight(errors, input.Weight);
        if (input.InstanceId is { Length: 0 })
        {
            errors.Add("instance_id", "must be an instance id or null");
        }

        if (errors.HasErrors)
        {
            return FleetResult<Member>.Invalid(errors.Errors);
        }

        var changed = current with
        {
            Name = input.Name ?? current.Name,
            Weight = input.Weight ?? current.Weight,
            AdminStateUp = input.AdminStateUp ?? current.AdminStateUp,
            InstanceId = input.Has("instance_id") ? input.InstanceId : current.InstanceId,
        };
        return await CommitAsync(() => _store.UpdateMemberAsync(changed, cancellationToken), created: false, MemberKind, id, cancellationToken);
    }

    public Task<FleetResult<Member>> DeleteMemberAsync(string projectId, string id, CancellationToken cancellationToken) =>
        DeleteAsync(() => _store.GetMemberAsync(projectId, id, cancellationToken),
            () => _store.DeleteMemberAsync(projectId, id, cancellationToken), MemberKind, id, cancellationToken);

    public Task<FleetResult<FleetPage<Member>>> ListMembersAsync(string projectId, MemberFilter filter, FleetPaging paging,
        CancellationToken cancellationToken) =>
        PageAsync(paging, MemberKind, marker => _store.GetMemberAsync(projectId, marker, cancellationToken),
            page => _store.ListMembersAsync(projectId, filter, page, cancellationToken));

    /// <summary>The members of one pool; not found when the pool is absent or foreign.</summary>
    public async Task<FleetResult<FleetPage<Member>>> ListPoolMembersAsync(string projectId, string poolId, MemberFilter filter,
        FleetPaging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return await _store.GetServerGroupAsync(projectId, poolId, cancellationToken) is null
            ? Missing<FleetPage<Member>>(PoolKind, poolId)
            : await ListMembersAsync(projectId, filter with { PoolId = poolId }, paging, cancellationToken);
    }
}
