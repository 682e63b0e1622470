using Npgsql;
using NpgsqlTypes;
using Vitals.Core.Probing;
using Vitals.Storage.Json;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Postgres;

internal sealed partial class PostgresDialect
{
    // A whole burst is one statement over arrays (one round trip, however many members). Rows of members that no
    // longer exist are skipped; FOR KEY SHARE holds each member against a concurrent delete until the commit, so the
    // foreign key never fires. A member given twice keeps its last row (DISTINCT ON ... ord DESC: ON CONFLICT may not
    // touch a row twice) and counts twice, as the SQLite store's row-by-row upsert does; members are locked in id
    // order, so two nodes writing overlapping bursts cannot deadlock.
    private const string UpsertMemberHealthSql =
        """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[],
                $9::int[], $10::int[], $11::int[], $12::text[], $13::text[], $14::timestamptz[])
                WITH ORDINALITY AS u(member_id, state, since, last_outcome, last_reason, last_check_code, last_status_code,
                    last_connect_us, last_tls_us, last_first_byte_us, last_total_us, last_detail, last_content, last_checked_at, ord)
        ), kept AS (
            SELECT input.* FROM input WHERE EXISTS (SELECT 1 FROM members m WHERE m.id = input.member_id FOR KEY SHARE)
        ), written AS (
            INSERT INTO member_health (member_id, state, since, last_outcome, last_reason, last_check_code, last_status_code,
                last_connect_us, last_tls_us, last_first_byte_us, last_total_us, last_detail, last_content, last_checked_at)
            SELECT DISTINCT ON (member_id) member_id, state, since, last_outcome, last_reason, last_check_code, last_status_code,
                last_connect_us, last_tls_us, last_first_byte_us, last_total_us, last_detail, last_content, last_checked_at
            FROM kept ORDER BY member_id, ord DESC
            ON CONFLICT (member_id) DO UPDATE SET state = excluded.state, since = excluded.since, last_outcome = excluded.last_outcome,
                last_reason = excluded.last_reason, last_check_code = excluded.last_check_code, last_status_code = excluded.last_status_code,
                last_connect_us = excluded.last_connect_us, last_tls_us = excluded.last_tls_us,
                last_first_byte_us = excluded.last_first_byte_us, last_total_us = excluded.last_total_us,
                last_detail = excluded.last_detail, last_content = excluded.last_content, last_checked_at = excluded.last_checked_at
        )
        SELECT count(*) FROM kept
        """;

    // Appended in the order given, so numeric ids follow the burst's order.
    private const string AppendTransitionsSql =
        """
        INSERT INTO member_transitions (member_id, from_state, to_state, at, cause, reason, evidence)
        SELECT u.member_id, u.from_state, u.to_state, u.at, u.cause, u.reason, u.evidence::jsonb
        FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
            WITH ORDINALITY AS u(member_id, from_state, to_state, at, cause, reason, evidence, ord)
        WHERE EXISTS (SELECT 1 FROM members m WHERE m.id = u.member_id FOR KEY SHARE)
        ORDER BY u.ord
        """;

    /// <summary>Both statements go in one batch: one round trip for the burst, inside the write transaction.</summary>
    public override async Task<(int States, int Transitions)> SaveHealthAsync(
        StoreDb db, IReadOnlyList<MemberHealth> states, IReadOnlyList<MemberTransition> transitions)
    {
        var stateCommand = states.Count == 0 ? null : HealthCommand(states);
        var transitionCommand = transitions.Count == 0 ? null : TransitionsCommand(transitions);
        await using var batch = db.Connection.CreateBatch();
        batch.Transaction = db.Transaction;
        if (stateCommand is not null)
        {
            batch.BatchCommands.Add(stateCommand);
        }

        if (transitionCommand is not null)
        {
            batch.BatchCommands.Add(transitionCommand);
        }

        var written = 0;
        await using (var reader = await batch.ExecuteReaderAsync(db.CancellationToken))
        {
            if (stateCommand is not null && await reader.ReadAsync(db.CancellationToken))
            {
                written = checked((int)reader.GetInt64(0));
            }

            while (await reader.NextResultAsync(db.CancellationToken))
            {
                // Drains the INSERT so that its count is known.
            }
        }

        var appended = transitionCommand is null ? 0 : checked((int)transitionCommand.RecordsAffected);
        return (written, appended);
    }

    private static NpgsqlBatchCommand HealthCommand(IReadOnlyList<MemberHealth> states)
    {
        var count = states.Count;
        var memberIds = new string[count];
        var stateNames = new string[count];
        var since = new DateTimeOffset[count];
        var outcomes = new string?[count];
        var reasons = new string?[count];
        var checkCodes = new string?[count];
        var statuses = new int?[count];
        var connect = new int?[count];
        var tls = new int?[count];
        var firstByte = new int?[count];
        var total = new int?[count];
        var details = new string?[count];
        var contents = new string?[count];
        var checkedAt = new DateTimeOffset?[count];
        for (var i = 0; i < count; i++)
        {
            var health = states[i];
            memberIds[i] = health.MemberId;
            stateNames[i] = health.State.ToString();
            since[i] = Truncate(health.Since);
            if (health.Last is not { } last)
            {
                continue;
            }

            outcomes[i] = last.Outcome.ToString();
            reasons[i] = last.Reason.ToString();
            checkCodes[i] = last.CheckCode.ToString();
            statuses[i] = last.StatusCode;
            connect[i] = last.Timings.ConnectMicros;
            tls[i] = last.Timings.TlsMicros;
            firstByte[i] = last.Timings.FirstByteMicros;
            total[i] = last.Timings.TotalMicros;
            details[i] = EvidenceJson.Cap(last.Detail, EvidenceJson.MaxDetailChars);
            contents[i] = EvidenceJson.Cap(last.Content, ProbeResult.MaxContentBytes);
            checkedAt[i] = Truncate(last.CheckedAt);
        }

        return new NpgsqlBatchCommand(UpsertMemberHealthSql)
        {
            Parameters =
            {
                Array(memberIds, NpgsqlDbType.Text), Array(stateNames, NpgsqlDbType.Text), Array(since, NpgsqlDbType.TimestampTz),
                Array(outcomes, NpgsqlDbType.Text), Array(reasons, NpgsqlDbType.Text), Array(checkCodes, NpgsqlDbType.Text),
                Array(statuses, NpgsqlDbType.Integer), Array(connect, NpgsqlDbType.Integer), Array(tls, NpgsqlDbType.Integer),
                Array(firstByte, NpgsqlDbType.Integer), Array(total, NpgsqlDbType.Integer), Array(details, NpgsqlDbType.Text),
                Array(contents, NpgsqlDbType.Text), Array(checkedAt, NpgsqlDbType.TimestampTz),
            },
        };
    }

    private static NpgsqlBatchCommand TransitionsCommand(IReadOnlyList<MemberTransition> transitions)
    {
        var count = transitions.Count;
        var memberIds = new string[count];
        var from = new string[count];
        var to = new string[count];
        var at = new DateTimeOffset[count];
        var causes = new string[count];
        var reasons = new string[count];
        var evidence = new string[count];
        for (var i = 0; i < count; i++)
        {
            var transition = transitions[i].Transition;
            memberIds[i] = transitions[i].MemberId;
            from[i] = transition.From.ToString();
            to[i] = transition.To.ToString();
            at[i] = Truncate(transition.At);
            causes[i] = transition.Cause.ToString();
            reasons[i] = transition.Reason.ToString();
            evidence[i] = EvidenceJson.Serialize(transition.Evidence);
        }

        return new NpgsqlBatchCommand(AppendTransitionsSql)
        {
            Parameters =
            {
                Array(memberIds, NpgsqlDbType.Text), Array(from, NpgsqlDbType.Text), Array(to, NpgsqlDbType.Text),
                Array(at, NpgsqlDbType.TimestampTz), Array(causes, NpgsqlDbType.Text), Array(reasons, NpgsqlDbType.Text),
                Array(evidence, NpgsqlDbType.Text),
            },
        };
    }

    private static NpgsqlParameter<T[]> Array<T>(T[] values, NpgsqlDbType elementType) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | elementType };
}
