using System.Data.Common;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Storage.Json;

namespace Vitals.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string MemberHealthColumns =
        "h.member_id, h.state, h.since, h.last_outcome, h.last_reason, h.last_check_code, h.last_status_code, h.last_connect_us, "
        + "h.last_tls_us, h.last_first_byte_us, h.last_total_us, h.last_detail, h.last_content, h.last_checked_at";

    // The SELECT ... WHERE EXISTS skips members deleted while the engine was still reporting on them; the WHERE also
    // resolves SQLite's parsing ambiguity between an upsert's ON CONFLICT and a join's ON.
    private const string UpsertMemberHealthSql =
        """
        INSERT INTO member_health (member_id, state, since, last_outcome, last_reason, last_check_code, last_status_code,
            last_connect_us, last_tls_us, last_first_byte_us, last_total_us, last_detail, last_content, last_checked_at)
        SELECT @MemberId, @State, @Since, @Outcome, @Reason, @CheckCode, @Status, @ConnectUs, @TlsUs, @FirstByteUs, @TotalUs,
            @Detail, @Content, @CheckedAt
        WHERE EXISTS (SELECT 1 FROM members WHERE id = @MemberId)
        ON CONFLICT (member_id) DO UPDATE SET state = excluded.state, since = excluded.since, last_outcome = excluded.last_outcome,
            last_reason = excluded.last_reason, last_check_code = excluded.last_check_code, last_status_code = excluded.last_status_code,
            last_connect_us = excluded.last_connect_us, last_tls_us = excluded.last_tls_us,
            last_first_byte_us = excluded.last_first_byte_us, last_total_us = excluded.last_total_us,
            last_detail = excluded.last_detail, last_content = excluded.last_content, last_checked_at = excluded.last_checked_at
        """;

    private const string AppendTransitionSql =
        """
        INSERT INTO member_transitions (member_id, from_state, to_state, at, cause, reason, evidence)
        SELECT @MemberId, @From, @To, @At, @Cause, @Reason, @Evidence
        WHERE EXISTS (SELECT 1 FROM members WHERE id = @MemberId)
        """;

    public Task<bool> SaveMemberHealthAsync(MemberHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(health);
        return WriteAlwaysAsync(async db => await db.ExecuteAsync(UpsertMemberHealthSql, HealthParameters(health)) > 0, cancellationToken);
    }

    public Task<bool> AppendTransitionAsync(string memberId, HealthTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return WriteAlwaysAsync(
            async db => await db.ExecuteAsync(AppendTransitionSql, TransitionParameters(new MemberTransition(memberId, transition))) > 0,
            cancellationToken);
    }

    public Task<(int States, int Transitions)> SaveHealthBatchAsync(
        IReadOnlyList<MemberHealth> states, IReadOnlyList<MemberTransition> transitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(transitions);
        var stateRows = new object[states.Count];
        for (var i = 0; i < stateRows.Length; i++)
        {
            stateRows[i] = HealthParameters(states[i]);
        }

        var transitionRows = new object[transitions.Count];
        for (var i = 0; i < transitionRows.Length; i++)
        {
            transitionRows[i] = TransitionParameters(transitions[i]);
        }

        // One transaction for the whole burst; Dapper runs the prepared statement once per row.
        return WriteAlwaysAsync(async db =>
        {
            var written = stateRows.Length == 0 ? 0 : await db.ExecuteAsync(UpsertMemberHealthSql, stateRows);
            var appended = transitionRows.Length == 0 ? 0 : await db.ExecuteAsync(AppendTransitionSql, transitionRows);
            return (written, appended);
        }, cancellationToken);
    }

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
        ReadAsync(async db =>
        {
            if (!await ExistsInProjectAsync(db, "members", projectId, memberId))
            {
                return StoreResult<IReadOnlyList<StoredTransition>>.NotFound();
            }

            var rows = await db.QueryAsync(
                """
                SELECT numeric_id, member_id, from_state, to_state, at, cause, reason, evidence FROM member_transitions
                WHERE member_id = @memberId ORDER BY numeric_id DESC LIMIT @limit
                """,
                new { memberId, limit = Math.Clamp(limit, 1, PageRequest.MaxLimit) }, ReadTransition);
            return StoreResult<IReadOnlyList<StoredTransition>>.Ok(rows);
        }, cancellationToken);

    private static object HealthParameters(MemberHealth health)
    {
        var last = health.Last;
        return new
        {
            health.MemberId,
            State = health.State.ToString(),
            Since = SqliteValues.ToMs(health.Since),
            Outcome = last?.Outcome.ToString(),
            Reason = last?.Reason.ToString(),
            CheckCode = last?.CheckCode.ToString(),
            Status = last?.StatusCode,
            ConnectUs = last?.Timings.ConnectMicros,
            TlsUs = last?.Timings.TlsMicros,
            FirstByteUs = last?.Timings.FirstByteMicros,
            TotalUs = last?.Timings.TotalMicros,
            Detail = EvidenceJson.Cap(last?.Detail, EvidenceJson.MaxDetailChars),
            Content = EvidenceJson.Cap(last?.Content, ProbeResult.MaxContentBytes),
            CheckedAt = last is { } result ? SqliteValues.ToMs(result.CheckedAt) : (long?)null,
        };
    }

    private static object TransitionParameters(MemberTransition row)
    {
        var transition = row.Transition;
        return new
        {
            row.MemberId,
            From = transition.From.ToString(),
            To = transition.To.ToString(),
            At = SqliteValues.ToMs(transition.At),
            Cause = transition.Cause.ToString(),
            Reason = transition.Reason.ToString(),
            Evidence = EvidenceJson.Serialize(transition.Evidence),
        };
    }

    private static MemberHealth ReadMemberHealth(DbDataReader r)
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

    private static StoredTransition ReadTransition(DbDataReader r)
    {
        var transition = new HealthTransition(r.Enum<HealthState>(2), r.Enum<HealthState>(3), r.Instant(4), r.Enum<TransitionCause>(5),
            r.Enum<ReasonCode>(6), EvidenceJson.Deserialize(r.GetString(7)));
        return new StoredTransition(r.GetInt64(0), r.GetString(1), transition);
    }
}
