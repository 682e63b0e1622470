using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string MemberColumns =
        "numeric_id, id, project_id, pool_id, name, address, protocol_port, weight, admin_state_up, instance_id, created_at, updated_at";

    public Task<StoreResult<Member>> CreateMemberAsync(Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var now = NowValue();
        var id = NewId(member.Id, ResourceIds.Member);
        return WriteAsync(ChangeKind.Member, ChangeOp.Upsert, member.ProjectId, id, async db =>
        {
            if (!await ExistsInProjectAsync(db, "server_groups", member.ProjectId, member.PoolId))
            {
                return StoreResult<Member>.NotFound("pool_id", "the server group does not exist");
            }

            if (await CheckInstanceAsync(db, member.ProjectId, member.InstanceId) is { } missing)
            {
                return missing;
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO members (id, project_id, pool_id, name, address, protocol_port, weight, admin_state_up, instance_id,
                    created_at, updated_at)
                VALUES (@id, @ProjectId, @PoolId, @Name, @Address, @ProtocolPort, @Weight, @AdminStateUp, @InstanceId, @now, @now)
                RETURNING {MemberColumns}
                """,
                new
                {
                    id,
                    member.ProjectId,
                    member.PoolId,
                    member.Name,
                    member.Address,
                    member.ProtocolPort,
                    member.Weight,
                    member.AdminStateUp,
                    member.InstanceId,
                    now,
                },
                ReadMember);
            return StoreResult<Member>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<Member?> GetMemberAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GetAsync("members", MemberColumns, projectId, id, ReadMember, cancellationToken);

    public Task<StoreResult<Member>> UpdateMemberAsync(Member member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var now = NowValue();
        return WriteAsync(ChangeKind.Member, ChangeOp.Upsert, member.ProjectId, member.Id, async db =>
        {
            if (await CheckInstanceAsync(db, member.ProjectId, member.InstanceId) is { } missing)
            {
                return missing;
            }

            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE members SET name = @Name, weight = @Weight, admin_state_up = @AdminStateUp, instance_id = @InstanceId, updated_at = @now
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {MemberColumns}
                """,
                new { member.Id, member.ProjectId, member.Name, member.Weight, member.AdminStateUp, member.InstanceId, now },
                ReadMember);
            return stored is null ? StoreResult<Member>.NotFound() : StoreResult<Member>.Ok(stored);
        }, cancellationToken);
    }

    public Task<StoreResult<Deleted>> DeleteMemberAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(ChangeKind.Member, ChangeOp.Delete, projectId, id, db => DeleteInAsync(db, "members", projectId, id),
            cancellationToken);

    public Task<Page<Member>> ListMembersAsync(string projectId, MemberFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("pool_id", filter.PoolId);
        where.Equal("address", filter.Address);
        where.Equal("protocol_port", filter.ProtocolPort);
        where.Equal("instance_id", filter.InstanceId);
        where.Equal("admin_state_up", filter.AdminStateUp);
        return ListAsync("members", MemberColumns, where, page, ReadMember, cancellationToken);
    }

    private static async Task<StoreResult<Member>?> CheckInstanceAsync(StoreDb db, string projectId, string? instanceId) =>
        instanceId is null || await ExistsInProjectAsync(db, "instances", projectId, instanceId)
            ? null
            : StoreResult<Member>.NotFound("instance_id", "the instance does not exist");

    private static Member ReadMember(StoreRow r) => new()
    {
        NumericId = r.GetInt64(0),
        Id = r.GetString(1),
        ProjectId = r.GetString(2),
        PoolId = r.GetString(3),
        Name = r.GetString(4),
        Address = r.GetString(5),
        ProtocolPort = r.Int(6),
        Weight = r.Int(7),
        AdminStateUp = r.Bool(8),
        InstanceId = r.NullableString(9),
        CreatedAt = r.Instant(10),
        UpdatedAt = r.Instant(11),
    };
}
