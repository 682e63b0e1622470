namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string TokenColumns = "numeric_id, project_id, name, key_id, created_at, expires_at, last_used_at, revoked_at";

    /// <summary>How many active (not revoked) tokens a project may hold.</summary>
    public const int MaxActiveTokensPerProject = 100;

    public Task<StoreResult<ProjectToken>> CreateTokenAsync(ProjectToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var now = Now();
        return WriteAsync(async db =>
        {
            if (!await db.ExistsAsync("SELECT 1 FROM projects WHERE id = @ProjectId", new { token.ProjectId }))
            {
                return StoreResult<ProjectToken>.NotFound("project_id", "the project does not exist");
            }

            var active = await db.ScalarAsync<long>(
                "SELECT COUNT(*) FROM credentials WHERE kind = 'Token' AND project_id = @ProjectId AND revoked_at IS NULL", new { token.ProjectId });
            if (active >= MaxActiveTokensPerProject)
            {
                return StoreResult<ProjectToken>.Conflict("name", $"the project already has {MaxActiveTokensPerProject} active tokens: revoke one first");
            }

            var id = await db.ScalarAsync<long>(
                """
                INSERT INTO credentials (project_id, kind, key_id, secret, extra, description, created_at, name, expires_at)
                VALUES (@ProjectId, 'Token', @Hash, '', NULL, '', @now, @Name, @expiresAt)
                RETURNING numeric_id
                """,
                new
                {
                    token.ProjectId,
                    token.Hash,
                    token.Name,
                    now = db.Dialect.Instant(now),
                    expiresAt = token.ExpiresAt is { } e ? db.Dialect.Instant(Truncate(e)) : null,
                });
            return StoreResult<ProjectToken>.Ok(token with
            {
                Id = id, CreatedAt = now, ExpiresAt = token.ExpiresAt is { } x ? Truncate(x) : null, LastUsedAt = null, RevokedAt = null,
            });
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ProjectToken>> ListTokensAsync(string projectId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync(
            $"SELECT {TokenColumns} FROM credentials WHERE kind = 'Token' AND project_id = @projectId ORDER BY numeric_id", new { projectId }, ReadToken),
            cancellationToken);

    public Task<ProjectToken?> GetTokenAsync(string projectId, long id, CancellationToken cancellationToken) =>
        ReadAsync(db => GetTokenInAsync(db, projectId, id), cancellationToken);

    public Task<ProjectToken?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken) =>
        ReadAsync(db => db.QuerySingleAsync(
            $"SELECT {TokenColumns} FROM credentials WHERE kind = 'Token' AND key_id = @tokenHash", new { tokenHash }, ReadToken), cancellationToken);

    public Task<StoreResult<ProjectToken>> RevokeTokenAsync(string projectId, long id, CancellationToken cancellationToken)
    {
        var now = NowValue();
        return WriteAsync(ChangeKind.Token, ChangeOp.Upsert, projectId, TokenChangeId(id), async db =>
        {
            await db.ExecuteAsync(
                "UPDATE credentials SET revoked_at = @now WHERE kind = 'Token' AND numeric_id = @id AND project_id = @projectId AND revoked_at IS NULL",
                new { now, id, projectId });
            var token = await GetTokenInAsync(db, projectId, id);
            return token is null ? StoreResult<ProjectToken>.NotFound() : StoreResult<ProjectToken>.Ok(token);
        }, cancellationToken);
    }

    public Task<StoreResult<ProjectToken>> RotateTokenAsync(string projectId, long id, string newHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newHash);
        return WriteAsync(ChangeKind.Token, ChangeOp.Upsert, projectId, TokenChangeId(id), async db =>
        {
            var token = await GetTokenInAsync(db, projectId, id);
            if (token is null)
            {
                return StoreResult<ProjectToken>.NotFound();
            }

            if (token.IsRevoked)
            {
                return StoreResult<ProjectToken>.Conflict("id", "the token is revoked: create a new one");
            }

            await db.ExecuteAsync("UPDATE credentials SET key_id = @newHash WHERE numeric_id = @id", new { newHash, id });
            return StoreResult<ProjectToken>.Ok(token with { Hash = newHash });
        }, cancellationToken);
    }

    public Task TouchTokenAsync(long id, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        var at = Dialect.Instant(Truncate(usedAt));
        return WriteAlwaysAsync(db => db.ExecuteAsync(
            "UPDATE credentials SET last_used_at = @at WHERE kind = 'Token' AND numeric_id = @id AND (last_used_at IS NULL OR last_used_at < @at)",
            new { at, id }), cancellationToken);
    }

    /// <summary>The feed's id of a token change: its numeric id, which a rotation keeps.</summary>
    public static string TokenChangeId(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task<ProjectToken?> GetTokenInAsync(StoreDb db, string projectId, long id) =>
        db.QuerySingleAsync($"SELECT {TokenColumns} FROM credentials WHERE kind = 'Token' AND numeric_id = @id AND project_id = @projectId",
            new { id, projectId }, ReadToken);

    private static DateTimeOffset Truncate(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    private static ProjectToken ReadToken(StoreRow r) => new()
    {
        Id = r.GetInt64(0),
        ProjectId = r.GetString(1),
        Name = r.GetString(2),
        Hash = r.GetString(3),
        CreatedAt = r.Instant(4),
        ExpiresAt = r.NullableInstant(5),
        LastUsedAt = r.NullableInstant(6),
        RevokedAt = r.NullableInstant(7),
    };
}
