using Vitals.Core.Resources;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string ProjectColumns = "id, name, created_at";

    private const string CredentialColumns = "numeric_id, project_id, kind, key_id, secret, extra, description, created_at, revoked_at";

    public Task<StoreResult<Project>> CreateProjectAsync(Project project, string? tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var now = Now();
        var stored = project with { Id = NewId(project.Id, ResourceIds.Project), CreatedAt = now };
        return WriteAsync(async db =>
        {
            await db.ExecuteAsync("INSERT INTO projects (id, name, created_at) VALUES (@Id, @Name, @CreatedAt)",
                new { stored.Id, stored.Name, CreatedAt = Dialect.Instant(now) });
            if (tokenHash is not null)
            {
                await InsertCredentialAsync(db, new Credential { ProjectId = stored.Id, Kind = CredentialKind.Token, KeyId = tokenHash }, now);
            }

            return StoreResult<Project>.Ok(stored);
        }, cancellationToken);
    }

    public Task<Project?> GetProjectAsync(string projectId, CancellationToken cancellationToken) =>
        ReadAsync(db => db.QuerySingleAsync($"SELECT {ProjectColumns} FROM projects WHERE id = @projectId", new { projectId }, ReadProject),
            cancellationToken);

    public async Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync($"SELECT {ProjectColumns} FROM projects ORDER BY numeric_id", null, ReadProject), cancellationToken);

    public Task<Project?> FindProjectByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        ReadAsync(db => db.QuerySingleAsync(
            $"""
            SELECT {ProjectColumns} FROM projects
            WHERE id = (SELECT project_id FROM credentials WHERE kind = 'Token' AND key_id = @tokenHash AND revoked_at IS NULL)
            """, new { tokenHash }, ReadProject), cancellationToken);

    public Task<StoreResult<Credential>> AddCredentialAsync(Credential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var now = Now();
        return WriteAsync(async db =>
        {
            if (credential.ProjectId is not null
                && !await db.ExistsAsync("SELECT 1 FROM projects WHERE id = @ProjectId", new { credential.ProjectId }))
            {
                return StoreResult<Credential>.NotFound("project_id", "the project does not exist");
            }

            return StoreResult<Credential>.Ok(Unseal(await InsertCredentialAsync(db, Seal(credential), now)));
        }, cancellationToken);
    }

    public Task<Credential?> FindCredentialAsync(CredentialKind kind, string keyId, CancellationToken cancellationToken) =>
        ReadAsync(db => db.QuerySingleAsync($"SELECT {CredentialColumns} FROM credentials WHERE kind = @Kind AND key_id = @keyId",
            new { Kind = kind.ToString(), keyId = StoredKeyId(kind, keyId) }, ReadCredential), cancellationToken);

    public async Task<IReadOnlyList<Credential>> ListCredentialsAsync(string? projectId, CancellationToken cancellationToken) =>
        await ReadAsync(db => db.QueryAsync(
            $"SELECT {CredentialColumns} FROM credentials WHERE project_id {Dialect.NullSafeEquals} @projectId ORDER BY numeric_id", new { projectId }, ReadCredential),
            cancellationToken);

    public Task<StoreResult<Credential>> RevokeCredentialAsync(CredentialKind kind, string keyId, CancellationToken cancellationToken)
    {
        var now = NowValue();
        return WriteAsync(async db =>
        {
            var parameters = new { Kind = kind.ToString(), keyId = StoredKeyId(kind, keyId), now };
            await db.ExecuteAsync("UPDATE credentials SET revoked_at = @now WHERE kind = @Kind AND key_id = @keyId AND revoked_at IS NULL", parameters);
            var credential = await db.QuerySingleAsync(
                $"SELECT {CredentialColumns} FROM credentials WHERE kind = @Kind AND key_id = @keyId", parameters, ReadCredential);
            return credential is null ? StoreResult<Credential>.NotFound() : StoreResult<Credential>.Ok(credential);
        }, cancellationToken);
    }

    private static async Task<Credential> InsertCredentialAsync(StoreDb db, Credential credential, DateTimeOffset now)
    {
        var numericId = await db.ScalarAsync<long>(
            """
            INSERT INTO credentials (project_id, kind, key_id, secret, extra, description, created_at)
            VALUES (@ProjectId, @Kind, @KeyId, @Secret, @Extra, @Description, @now)
            RETURNING numeric_id
            """,
            new
            {
                credential.ProjectId,
                Kind = credential.Kind.ToString(),
                credential.KeyId,
                credential.Secret,
                credential.Extra,
                credential.Description,
                now = db.Dialect.Instant(now),
            });
        return credential with { NumericId = numericId, CreatedAt = now, RevokedAt = null };
    }

    private static Project ReadProject(StoreRow r) => new(r.GetString(0), r.GetString(1), r.Instant(2));

    private Credential ReadCredential(StoreRow r) => Unseal(new()
    {
        NumericId = r.GetInt64(0),
        ProjectId = r.NullableString(1),
        Kind = r.Enum<CredentialKind>(2),
        KeyId = r.GetString(3),
        Secret = r.GetString(4),
        Extra = r.NullableString(5),
        Description = r.GetString(6),
        CreatedAt = r.Instant(7),
        RevokedAt = r.NullableInstant(8),
    });
}
