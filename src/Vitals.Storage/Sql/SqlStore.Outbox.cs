using Vitals.Core.Notifications;
using Vitals.Core.Resources;

namespace Vitals.Storage.Sql;

// The notifications outbox (table webhook_deliveries, docs/notifications.md): events enter it in the transaction that
// records the transitions they come from, one row per webhook that wants them; the delivery worker reads each
// webhook's pending rows in order and records every attempt.
public abstract partial class SqlStore
{
    private const string DeliveryColumns =
        "numeric_id, webhook_id, project_id, event_id, kind, event_at, payload, status, attempts, created_at, next_attempt_at, "
        + "last_attempt_at, last_status_code, last_error, last_duration_ms, delivered_at, redelivery_of";

    private const string InsertDeliverySql =
        """
        INSERT INTO webhook_deliveries (webhook_id, project_id, event_id, kind, event_at, payload, status, attempts, created_at,
            next_attempt_at, redelivery_of)
        VALUES (@WebhookId, @ProjectId, @EventId, @Kind, @EventAt, @Payload, 'Pending', 0, @CreatedAt, @CreatedAt, @RedeliveryOf)
        """;

    /// <summary>The longest error text kept for an attempt.</summary>
    public const int MaxDeliveryErrorChars = 500;

    public Task<(int States, int Transitions)> SaveHealthBatchAsync(IReadOnlyList<MemberHealth> states,
        IReadOnlyList<MemberTransition> transitions, IReadOnlyList<OutboxEvent> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(notifications);
        if (states.Count == 0 && transitions.Count == 0 && notifications.Count == 0)
        {
            return Task.FromResult((0, 0));
        }

        return WriteAlwaysAsync(async db =>
        {
            var written = states.Count == 0 && transitions.Count == 0 ? (0, 0) : await db.Dialect.SaveHealthAsync(db, states, transitions);
            await WriteOutboxAsync(db, notifications);
            return written;
        }, cancellationToken);
    }

    public Task<StoreResult<WebhookDelivery>> AddDeliveryAsync(string projectId, string webhookId, OutboxEvent notification,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return WriteAsync(async db =>
        {
            if (!await ExistsInProjectAsync(db, "webhooks", projectId, webhookId))
            {
                return StoreResult<WebhookDelivery>.NotFound();
            }

            var row = DeliveryRow(webhookId, notification, NowValue(), null);
            var stored = await db.QuerySingleAsync($"{InsertDeliverySql} RETURNING {DeliveryColumns}", row, ReadDelivery);
            return StoreResult<WebhookDelivery>.Ok(stored!);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingQueue>> ListPendingQueuesAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync(
            """
            SELECT d.webhook_id, d.project_id, d.numeric_id, d.attempts, d.next_attempt_at FROM webhook_deliveries d
            JOIN (SELECT webhook_id, MIN(numeric_id) AS head FROM webhook_deliveries WHERE status = 'Pending' GROUP BY webhook_id) h
              ON d.numeric_id = h.head
            ORDER BY d.next_attempt_at
            """, null, static r => new PendingQueue(r.GetString(0), r.GetString(1), r.GetInt64(2), r.Int(3), r.Instant(4))),
            cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> ListPendingDeliveriesAsync(string webhookId, int limit, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync(
            $"""
            SELECT {DeliveryColumns} FROM webhook_deliveries WHERE webhook_id = @webhookId AND status = 'Pending'
            ORDER BY numeric_id LIMIT @limit
            """, new { webhookId, limit = Math.Clamp(limit, 1, PageRequest.MaxLimit) }, ReadDelivery), cancellationToken);

    public Task<int> RecordDeliveryAttemptsAsync(IReadOnlyList<DeliveryAttempt> attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        if (attempts.Count == 0)
        {
            return Task.FromResult(0);
        }

        var rows = new object[attempts.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var attempt = attempts[i];
            var at = Dialect.Instant(Truncate(attempt.At));
            rows[i] = new
            {
                Id = attempt.DeliveryId,
                Status = attempt.Status.ToString(),
                At = at,
                attempt.StatusCode,
                Error = attempt.Error is { Length: > MaxDeliveryErrorChars } text ? text[..MaxDeliveryErrorChars] : attempt.Error,
                attempt.DurationMs,
                Next = attempt.Status == DeliveryStatus.Pending ? Dialect.Instant(Truncate(attempt.NextAttemptAt)) : at,
                DeliveredAt = attempt.Status == DeliveryStatus.Delivered ? at : null,
            };
        }

        // Only a pending row changes: a delivery deleted with its webhook, or redelivered meanwhile, is left alone.
        return WriteAlwaysAsync(db => db.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET status = @Status, attempts = attempts + 1, last_attempt_at = @At,
                last_status_code = @StatusCode, last_error = @Error, last_duration_ms = @DurationMs, next_attempt_at = @Next,
                delivered_at = @DeliveredAt
            WHERE numeric_id = @Id AND status = 'Pending'
            """, rows), cancellationToken);
    }

    public Task<StoreResult<Page<WebhookDelivery>>> ListDeliveriesAsync(string projectId, string webhookId, DeliveryStatus? status,
        PageRequest page, CancellationToken cancellationToken)
    {
        var limit = page.EffectiveLimit;
        return SnapshotAsync(async db =>
        {
            if (!await ExistsInProjectAsync(db, "webhooks", projectId, webhookId))
            {
                return StoreResult<Page<WebhookDelivery>>.NotFound();
            }

            // Newest first: After is the id the previous page ended at (0: from the newest).
            var items = await db.QueryAsync(
                $"""
                SELECT {DeliveryColumns} FROM webhook_deliveries
                WHERE webhook_id = @webhookId AND (@status IS NULL OR status = @status) AND (@after = 0 OR numeric_id < @after)
                ORDER BY numeric_id DESC LIMIT @take
                """, new { webhookId, status = status?.ToString(), after = page.After, take = limit + 1 }, ReadDelivery);
            long? next = null;
            if (items.Count > limit)
            {
                items.RemoveAt(limit);
                next = items[^1].Id;
            }

            int? total = page.CountTotal
                ? checked((int)await db.ScalarAsync<long>(
                    "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = @webhookId AND (@status IS NULL OR status = @status)",
                    new { webhookId, status = status?.ToString() }))
                : null;
            return StoreResult<Page<WebhookDelivery>>.Ok(new Page<WebhookDelivery>(items, next, total));
        }, cancellationToken);
    }

    public Task<StoreResult<WebhookDelivery>> GetDeliveryAsync(string projectId, string webhookId, long deliveryId,
        CancellationToken cancellationToken) =>
        ReadAsync(async db => await db.QuerySingleAsync(
            $"""
            SELECT {DeliveryColumns} FROM webhook_deliveries
            WHERE numeric_id = @deliveryId AND webhook_id = @webhookId AND project_id = @projectId
            """, new { deliveryId, webhookId, projectId }, ReadDelivery) is { } found
            ? StoreResult<WebhookDelivery>.Ok(found)
            : StoreResult<WebhookDelivery>.NotFound(), cancellationToken);

    public Task<StoreResult<WebhookDelivery>> RedeliverAsync(string projectId, string webhookId, long deliveryId,
        CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            var original = await db.QuerySingleAsync(
                $"""
                SELECT {DeliveryColumns} FROM webhook_deliveries
                WHERE numeric_id = @deliveryId AND webhook_id = @webhookId AND project_id = @projectId
                """, new { deliveryId, webhookId, projectId }, ReadDelivery);
            if (original is null)
            {
                return StoreResult<WebhookDelivery>.NotFound();
            }

            var copy = await db.QuerySingleAsync(
                $"{InsertDeliverySql} RETURNING {DeliveryColumns}",
                new
                {
                    original.WebhookId,
                    original.ProjectId,
                    original.EventId,
                    original.Kind,
                    EventAt = Dialect.Instant(original.EventAt),
                    original.Payload,
                    CreatedAt = NowValue(),
                    RedeliveryOf = (long?)original.Id,
                }, ReadDelivery);
            return StoreResult<WebhookDelivery>.Ok(copy!);
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, DeliverySummary>> SummarizeDeliveriesAsync(IReadOnlyList<string> webhookIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookIds);
        if (webhookIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, DeliverySummary>>(new Dictionary<string, DeliverySummary>(StringComparer.Ordinal));
        }

        var ids = webhookIds.Distinct(StringComparer.Ordinal).ToArray();
        return SnapshotAsync<IReadOnlyDictionary<string, DeliverySummary>>(async db =>
        {
            var counts = await db.QueryAsync(
                $"""
                SELECT webhook_id, SUM(CASE WHEN status = 'Pending' THEN 1 ELSE 0 END), MIN(CASE WHEN status = 'Pending' THEN created_at END),
                    SUM(CASE WHEN status = 'Dead' THEN 1 ELSE 0 END), MAX(delivered_at)
                FROM webhook_deliveries WHERE {Dialect.In("webhook_id", "ids")} GROUP BY webhook_id
                """, new { ids }, static r => (Id: r.GetString(0), Pending: (int)r.GetInt64(1), Oldest: r.NullableInstant(2),
                    Dead: (int)r.GetInt64(3), Delivered: r.NullableInstant(4)));
            var heads = await db.QueryAsync(
                $"""
                SELECT d.webhook_id, d.attempts, d.last_error, d.next_attempt_at FROM webhook_deliveries d
                JOIN (SELECT webhook_id, MIN(numeric_id) AS head FROM webhook_deliveries
                      WHERE status = 'Pending' AND {Dialect.In("webhook_id", "ids")} GROUP BY webhook_id) h ON d.numeric_id = h.head
                """, new { ids }, static r => (Id: r.GetString(0), Attempts: r.Int(1), Error: r.NullableString(2), Next: r.Instant(3)));
            var headOf = new Dictionary<string, (int Attempts, string? Error, DateTimeOffset Next)>(StringComparer.Ordinal);
            foreach (var head in heads)
            {
                headOf[head.Id] = (head.Attempts, head.Error, head.Next);
            }

            var summaries = new Dictionary<string, DeliverySummary>(StringComparer.Ordinal);
            foreach (var c in counts)
            {
                var found = headOf.TryGetValue(c.Id, out var head);
                summaries[c.Id] = new DeliverySummary(c.Pending, c.Oldest, head.Attempts, head.Error, found ? head.Next : null, c.Dead,
                    c.Delivered);
            }

            return summaries;
        }, cancellationToken);
    }

    public Task<int> PruneDeliveriesAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        WriteAlwaysAsync(db => db.ExecuteAsync(
            "DELETE FROM webhook_deliveries WHERE status <> 'Pending' AND created_at < @before",
            new { before = Dialect.Instant(Truncate(createdBefore)) }), cancellationToken);

    /// <summary>One row per event and webhook of its project that wants it; the webhooks are read in the same transaction.</summary>
    private async Task WriteOutboxAsync(StoreDb db, IReadOnlyList<OutboxEvent> notifications)
    {
        if (notifications.Count == 0)
        {
            return;
        }

        var projects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notification in notifications)
        {
            projects.Add(notification.Event.ProjectId);
        }

        var hooks = await db.QueryAsync(
            $"SELECT id, project_id, events, states, admin_state_up FROM webhooks WHERE {Dialect.In("project_id", "projects")} ORDER BY numeric_id",
            new { projects = projects.ToArray() }, ReadWebhookFilter);
        if (hooks.Count == 0)
        {
            return;
        }

        var now = NowValue();
        var rows = new List<object>();
        foreach (var notification in notifications)
        {
            foreach (var hook in hooks)
            {
                if (string.Equals(hook.ProjectId, notification.Event.ProjectId, StringComparison.Ordinal)
                    && notification.Event.Kind != NotificationKind.Test && hook.Wants(notification.Event))
                {
                    rows.Add(DeliveryRow(hook.Id, notification, now, null));
                }
            }
        }

        if (rows.Count > 0)
        {
            await db.ExecuteAsync(InsertDeliverySql, rows);
        }
    }

    private object DeliveryRow(string webhookId, OutboxEvent notification, object now, long? redeliveryOf) => new
    {
        WebhookId = webhookId,
        notification.Event.ProjectId,
        EventId = notification.Event.Id,
        Kind = notification.Event.Kind.ToWire(),
        EventAt = Dialect.Instant(Truncate(notification.Event.At)),
        notification.Payload,
        CreatedAt = now,
        RedeliveryOf = redeliveryOf,
    };

    /// <summary>What deciding whether a webhook wants an event needs: its filters, not its URL or secret.</summary>
    private static Webhook ReadWebhookFilter(StoreRow r) => new()
    {
        Id = r.GetString(0),
        NumericId = 0,
        ProjectId = r.GetString(1),
        Url = "",
        Events = ReadKinds(r.GetString(2)),
        States = ReadStates(r.GetString(3)),
        AdminStateUp = r.Bool(4),
    };

    private static WebhookDelivery ReadDelivery(StoreRow r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Instant(5), r.GetString(6),
        r.Enum<DeliveryStatus>(7), r.Int(8), r.Instant(9), r.Instant(10), r.NullableInstant(11), r.NullableInt(12),
        r.NullableString(13), r.NullableInt(14), r.NullableInstant(15), r.IsDBNull(16) ? null : r.GetInt64(16));
}
