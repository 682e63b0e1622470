using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Storage.Json;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string MemberHealthColumns =
        "h.member_id, h.state, h.since, h.last_outcome, h.last_reason, h.last_check_code, h.last_status_code, h.last_connect_us, "
        + "h.last_tls_us, h.last_first_byte_us, h.last_total_us, h.last_detail, h.last_content, h.last_checked_at";

    public async Task<bool> SaveMemberHealthAsync(MemberHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        var (states, _) = await SaveHealthBatchAsync([health], [], cancellationToken);
        return states > 0;
    }

    public async Task<bool> AppendTransitionAsync(string memberId, HealthTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var (_, transitions) = await SaveHealthBatchAsync([], [new MemberTransition(memberId, transition)], cancellationToken);
        return transitions > 0;
    }

    /// <summary>A burst in one transaction; the dialect writes it the fastest way its engine allows.</summary>
    public Task<(int States, int Transitions)> SaveHealthBatchAsync(
        IReadOnlyList<MemberHealth> states, IReadOnlyList<MemberTransition> transitions, CancellationToken cancellationToken) =>
        SaveHealthBatchAsync(states, transitions, [], cancellationToken);

    public async Task<IReadOnlyList<MemberHealth>> LoadMemberHealthAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync($"SELECT {MemberHealthColumns} FROM member_health h", null, ReadMemberHealth), cancellationToken);

    public Task<MemberHealth?> GetMemberHealthAsync(string projectId, string memberId, CancellationToken cancellationToken) =>
        ReadAsync(db => db.QuerySingleAsync(
            $"""
            SELECT {MemberHealthColumns} FROM member_health h JOIN members m ON m.id = h.member_id
            WHERE h.member_id = @memberId AND m.project_id = @projectId
            """, new { memberId, projectId }, ReadMemberHealth), cancellationToken);

    public Task<StoreResult<IReadOnlyList<StoredTransition>>> ListTransitionsAsync(string projectId, string memberId, int limit,
        CancellationToken cancellationToken) =>
        SnapshotAsync(async db =>
        {
            if (!await ExistsInProjectAsync(db, "members", projectId, memberId))
            {
                return StoreResult<IReadOnlyList<StoredTransition>>.NotFound();
            }

            var rows = await db.QueryAsync(
                """
                SELECT numeric_id, member_id, from_state, to_state, at, cause, reason, evidence, node FROM member_transitions
                WHERE member_id = @memberId ORDER BY numeric_id DESC LIMIT @limit
                """,
                new { memberId, limit = Math.Clamp(limit, 1, PageRequest.MaxLimit) }, ReadTransition);
            return StoreResult<IReadOnlyList<StoredTransition>>.Ok(rows);
        }, cancellationToken);

    private static MemberHealth ReadMemberHealth(StoreRow r)
    {
        ProbeResult? last = r.IsDBNull(3)
            ? null
            : new ProbeResult
            {
                Outcome = r.Enum<ProbeOutcome>(3),
                Reason = r.Enum<ReasonCode>(4),
                CheckCode = r.Enum<CheckCode>(5),
                StatusCode = r.NullableInt(6),
                Timings = new ProbeTimings(r.Int(7), r.Int(8), r.Int(9), r.Int(10)),
                Detail = r.NullableString(11),
                Content = r.NullableString(12),
                CheckedAt = r.Instant(13),
            };
        return new MemberHealth(r.GetString(0), r.Enum<HealthState>(1), r.Instant(2), last);
    }

    private static StoredTransition ReadTransition(StoreRow r)
    {
        var transition = new HealthTransition(r.Enum<HealthState>(2), r.Enum<HealthState>(3), r.Instant(4), r.Enum<TransitionCause>(5),
            r.Enum<ReasonCode>(6), EvidenceJson.Deserialize(r.GetString(7)));
        return new StoredTransition(r.GetInt64(0), r.GetString(1), transition, r.NullableString(8));
    }
}
