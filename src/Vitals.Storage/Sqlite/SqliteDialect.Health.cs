using Vitals.Core.Probing;
using Vitals.Storage.Json;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Sqlite;

internal sealed partial class SqliteDialect
{
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

    /// <summary>Dapper runs each statement once per row inside the one write transaction: SQLite is in process, a row costs no round trip.</summary>
    public override async Task<(int States, int Transitions)> SaveHealthAsync(
        StoreDb db, IReadOnlyList<MemberHealth> states, IReadOnlyList<MemberTransition> transitions)
    {
        var written = states.Count == 0 ? 0 : await db.ExecuteAsync(UpsertMemberHealthSql, HealthRows(states));
        var appended = transitions.Count == 0 ? 0 : await db.ExecuteAsync(AppendTransitionSql, TransitionRows(transitions));
        return (written, appended);
    }

    private static object[] HealthRows(IReadOnlyList<MemberHealth> states)
    {
        var rows = new object[states.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var health = states[i];
            var last = health.Last;
            rows[i] = new
            {
                health.MemberId,
                State = health.State.ToString(),
                Since = ToMs(health.Since),
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
                CheckedAt = last is { } result ? ToMs(result.CheckedAt) : (long?)null,
            };
        }

        return rows;
    }

    private static object[] TransitionRows(IReadOnlyList<MemberTransition> transitions)
    {
        var rows = new object[transitions.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var transition = transitions[i].Transition;
            rows[i] = new
            {
                transitions[i].MemberId,
                From = transition.From.ToString(),
                To = transition.To.ToString(),
                At = ToMs(transition.At),
                Cause = transition.Cause.ToString(),
                Reason = transition.Reason.ToString(),
                Evidence = EvidenceJson.Serialize(transition.Evidence),
            };
        }

        return rows;
    }
}
