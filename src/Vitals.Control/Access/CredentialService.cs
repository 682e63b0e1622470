using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Control.Access;

/// <summary>
/// The door to projects and credentials: creates projects with their first token, and serves the surfaces that
/// authenticate their own way (Alibaba AccessKeys, OVH key triples, the Huawei admin acting in a project): find, list,
/// issue and revoke, each scoped to a project so that a key of another project is simply absent. Named project tokens
/// have their own door, <see cref="TokenService"/>.
/// </summary>
public sealed class CredentialService
{
    private readonly IStore _store;

    public CredentialService(IStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    public Task<Project?> GetProjectAsync(string projectId, CancellationToken cancellationToken) =>
        _store.GetProjectAsync(projectId, cancellationToken);

    /// <summary>Every project, in creation order.</summary>
    public Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken cancellationToken) => _store.ListProjectsAsync(cancellationToken);

    /// <summary>
    /// Creates a project and its first bearer token (named <c>default</c>) in one transaction. The token is in the answer
    /// only: the store keeps its hash. A name another project has is a conflict on <c>name</c>.
    /// </summary>
    public async Task<StoreResult<CreatedProject>> CreateProjectAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var token = TokenService.NewSecret();
        var project = new Project(ResourceIds.New(ResourceIds.Project, Random.Shared), name, now);
        var created = await _store.CreateProjectAsync(project, TokenHash.Compute(token), cancellationToken);
        return created.IsOk
            ? StoreResult<CreatedProject>.Ok(new CreatedProject(created.Value!, token))
            : StoreResult<CreatedProject>.Conflict(created.Field ?? "name", created.Message ?? "the project could not be created");
    }

    /// <summary>The credential of this kind and key id, revoked or not (the caller checks <see cref="Credential.IsRevoked"/>).</summary>
    public Task<Credential?> FindAsync(CredentialKind kind, string keyId, CancellationToken cancellationToken) =>
        _store.FindCredentialAsync(kind, keyId, cancellationToken);

    /// <summary>A project's credentials of one kind, revoked ones included, in creation order.</summary>
    public async Task<IReadOnlyList<Credential>> ListAsync(string projectId, CredentialKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        return OfKind(await _store.ListCredentialsAsync(projectId, cancellationToken), kind, []);
    }

    /// <summary>The credentials of one kind of every project (not the admin's), revoked ones included.</summary>
    public async Task<IReadOnlyList<Credential>> ListInEveryProjectAsync(CredentialKind kind, CancellationToken cancellationToken)
    {
        var all = new List<Credential>();
        foreach (var project in await _store.ListProjectsAsync(cancellationToken))
        {
            OfKind(await _store.ListCredentialsAsync(project.Id, cancellationToken), kind, all);
        }

        return all;
    }

    /// <summary>Stores a new credential: a duplicate (kind, key id) is a conflict on <c>key_id</c>, an unknown project not found.</summary>
    public Task<StoreResult<Credential>> AddAsync(Credential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return _store.AddCredentialAsync(credential, cancellationToken);
    }

    /// <summary>Revokes a credential of the project; null when there is none with this key id in the project.</summary>
    public async Task<Credential?> RevokeAsync(string projectId, CredentialKind kind, string keyId, CancellationToken cancellationToken)
    {
        var credential = await _store.FindCredentialAsync(kind, keyId, cancellationToken);
        if (credential is null || !string.Equals(credential.ProjectId, projectId, StringComparison.Ordinal))
        {
            return null;
        }

        var revoked = await _store.RevokeCredentialAsync(kind, keyId, cancellationToken);
        return revoked.IsOk ? revoked.Value : null;
    }

    private static List<Credential> OfKind(IReadOnlyList<Credential> credentials, CredentialKind kind, List<Credential> into)
    {
        foreach (var credential in credentials)
        {
            if (credential.Kind == kind)
            {
                into.Add(credential);
            }
        }

        return into;
    }
}
