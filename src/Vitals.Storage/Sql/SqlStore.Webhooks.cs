using System.Text.Json;
using Vitals.Core.Health;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;
using Vitals.Storage.Json;

namespace Vitals.Storage.Sql;

// Webhooks: a project's receivers of signed notifications. Their writes record no change for other nodes (nothing holds
// webhooks in memory). The two secret columns are sealed when the store has a key (SqlStore.WebhookSecrets.cs).
public abstract partial class SqlStore
{
    private const string WebhookColumns =
        "numeric_id, id, project_id, name, description, url, events, states, admin_state_up, secret, previous_secret, "
        + "previous_secret_expires_at, created_at, updated_at";

    private static readonly string[] StateNames = Enum.GetNames<HealthState>();

    public Task<StoreResult<Webhook>> CreateWebhookAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var now = NowValue();
        var id = NewId(webhook.Id, ResourceIds.Webhook);
        var row = webhook with { Id = id };
        return WriteAsync(async db =>
        {
            if (!await db.ExistsAsync("SELECT 1 FROM projects WHERE id = @ProjectId", new { webhook.ProjectId }))
            {
                return StoreResult<Webhook>.NotFound("project_id", "the project does not exist");
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO webhooks (id, project_id, name, description, url, events, states, admin_state_up, secret, previous_secret,
                    previous_secret_expires_at, created_at, updated_at)
                VALUES (@Id, @ProjectId, @Name, @Description, @Url, @Events{Dialect.JsonCast}, @States{Dialect.JsonCast}, @AdminStateUp,
                    @Secret, @PreviousSecret, @PreviousSecretExpiresAt, @now, @now)
                RETURNING {WebhookColumns}
                """,
                WebhookParameters(row, SealWebhookSecret(id, row.Secret), SealWebhookSecret(id, row.PreviousSecret), now), ReadWebhook);
            return StoreResult<Webhook>.Ok(OpenWebhook(stored!));
        }, cancellationToken);
    }

    public async Task<Webhook?> GetWebhookAsync(string projectId, string id, CancellationToken cancellationToken) =>
        await GetAsync("webhooks", WebhookColumns, projectId, id, ReadWebhook, cancellationToken) is { } stored ? OpenWebhook(stored) : null;

    public Task<StoreResult<Webhook>> UpdateWebhookAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var now = NowValue();
        return WriteAsync(async db =>
        {
            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE webhooks SET name = @Name, description = @Description, url = @Url, events = @Events{Dialect.JsonCast},
                    states = @States{Dialect.JsonCast}, admin_state_up = @AdminStateUp, updated_at = @now
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {WebhookColumns}
                """,
                WebhookParameters(webhook, "", null, now), ReadWebhook);
            return stored is null ? StoreResult<Webhook>.NotFound() : StoreResult<Webhook>.Ok(OpenWebhook(stored));
        }, cancellationToken);
    }

    /// <summary>Deletes the webhook; its rows in <c>webhook_deliveries</c> go with it (ON DELETE CASCADE).</summary>
    public Task<StoreResult<Deleted>> DeleteWebhookAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(db => DeleteInAsync(db, "webhooks", projectId, id), cancellationToken);

    public Task<Page<Webhook>> ListWebhooksAsync(string? projectId, WebhookFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("admin_state_up", filter.AdminStateUp);
        return ListAsync("webhooks", WebhookColumns, where, page, r => OpenWebhook(ReadWebhook(r)), cancellationToken);
    }

    public Task<StoreResult<Webhook>> RotateWebhookSecretAsync(string projectId, string id, string newSecret, DateTimeOffset previousExpiresAt,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(newSecret);
        var now = NowValue();
        var expiresAt = Dialect.Instant(DateTimeOffset.FromUnixTimeMilliseconds(previousExpiresAt.ToUnixTimeMilliseconds()));
        var secret = SealWebhookSecret(id, newSecret);
        return WriteAsync(async db =>
        {
            // The current value moves as stored (sealed or not): a webhook's secrets are sealed for the webhook, not the column.
            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE webhooks SET previous_secret = secret, previous_secret_expires_at = @expiresAt, secret = @secret, updated_at = @now
                WHERE id = @id AND project_id = @projectId
                RETURNING {WebhookColumns}
                """,
                new { id, projectId, secret, expiresAt, now }, ReadWebhook);
            return stored is null ? StoreResult<Webhook>.NotFound() : StoreResult<Webhook>.Ok(OpenWebhook(stored));
        }, cancellationToken);
    }

    private object WebhookParameters(Webhook webhook, string secret, string? previousSecret, object now) => new
    {
        webhook.Id,
        webhook.ProjectId,
        webhook.Name,
        webhook.Description,
        webhook.Url,
        Events = JsonSerializer.Serialize(webhook.Events.Select(static k => k.ToWire()).ToArray(), StorageJsonContext.Default.StringArray),
        States = JsonSerializer.Serialize(webhook.States.Select(static s => s.ToString()).ToArray(), StorageJsonContext.Default.StringArray),
        webhook.AdminStateUp,
        Secret = secret,
        PreviousSecret = previousSecret,
        PreviousSecretExpiresAt = webhook.PreviousSecretExpiresAt is { } at
            ? Dialect.Instant(DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()))
            : null,
        now,
    };

    /// <summary>The row as stored: secrets possibly sealed (<see cref="OpenWebhook"/> opens them).</summary>
    private static Webhook ReadWebhook(StoreRow r) => new()
    {
        NumericId = r.GetInt64(0),
        Id = r.GetString(1),
        ProjectId = r.GetString(2),
        Name = r.GetString(3),
        Description = r.GetString(4),
        Url = r.GetString(5),
        Events = ReadKinds(r.GetString(6)),
        States = ReadStates(r.GetString(7)),
        AdminStateUp = r.Bool(8),
        Secret = r.GetString(9),
        PreviousSecret = r.NullableString(10),
        PreviousSecretExpiresAt = r.NullableInstant(11),
        CreatedAt = r.Instant(12),
        UpdatedAt = r.Instant(13),
    };

    /// <summary>Wire names in stored order; a name this version does not know (written by a newer one) is skipped.</summary>
    private static NotificationKind[] ReadKinds(string json)
    {
        var names = JsonSerializer.Deserialize(json, StorageJsonContext.Default.StringArray) ?? [];
        var kinds = new List<NotificationKind>(names.Length);
        foreach (var name in names)
        {
            if (NotificationKinds.TryParse(name, out var kind))
            {
                kinds.Add(kind.Value);
            }
        }

        return [.. kinds];
    }

    private static HealthState[] ReadStates(string json)
    {
        var names = JsonSerializer.Deserialize(json, StorageJsonContext.Default.StringArray) ?? [];
        var states = new List<HealthState>(names.Length);
        foreach (var name in names)
        {
            // Names only (Enum.TryParse would also take "1").
            var state = Array.IndexOf(StateNames, name);
            if (state >= 0)
            {
                states.Add((HealthState)state);
            }
        }

        return [.. states];
    }
}
