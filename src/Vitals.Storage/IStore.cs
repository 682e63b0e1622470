using Vitals.Core.Health;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage;

/// <summary>
/// The one store of Vitals: configuration, credentials, and the latest state and transitions of every member.
/// Implementations: <see cref="Sqlite.SqliteStore"/> (embedded) and <see cref="Postgres.PostgresStore"/> (shared), both over
/// <see cref="Sql.SqlStore"/>; both pass the same contract tests.
/// </summary>
/// <remarks>
/// Every write is one transaction: a call that fails (not found, conflict, exception) leaves the store as it was.
/// Expected outcomes are <see cref="StoreResult{T}"/> values, never exceptions. Resources are scoped to a project:
/// an id from another project is "not found", and lists never show other projects' rows.
/// Create: an empty <see cref="Resource.Id"/> gets a new prefixed id; <see cref="Resource.NumericId"/>,
/// <see cref="Resource.CreatedAt"/> and <see cref="Resource.UpdatedAt"/> are set by the store (input values are ignored).
/// Update: writes the mutable fields of the given record (see docs/storage.md); identity, project, parent ids and the
/// fields clouds fix at creation (listener protocol and port, pool protocol, member address and port) are kept.
/// Instants are stored to the millisecond.
/// </remarks>
public interface IStore : IAsyncDisposable
{
    // Projects and credentials.

    /// <summary>Creates a project and, when <paramref name="tokenHash"/> is given, its first bearer token, in one transaction.</summary>
    Task<StoreResult<Project>> CreateProjectAsync(Project project, string? tokenHash, CancellationToken cancellationToken);

    Task<Project?> GetProjectAsync(string projectId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken cancellationToken);

    /// <summary>The project of a valid (not revoked) <see cref="CredentialKind.Token"/> with this hash; null otherwise.</summary>
    Task<Project?> FindProjectByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Adds a credential; a duplicate (kind, key id) is a conflict on <c>key_id</c>; an unknown project is not found.</summary>
    Task<StoreResult<Credential>> AddCredentialAsync(Credential credential, CancellationToken cancellationToken);

    /// <summary>The credential of this kind and key id, revoked or not (the caller checks <see cref="Credential.IsRevoked"/>).</summary>
    Task<Credential?> FindCredentialAsync(CredentialKind kind, string keyId, CancellationToken cancellationToken);

    /// <summary>The credentials of a project (null: the admin credentials), in creation order.</summary>
    Task<IReadOnlyList<Credential>> ListCredentialsAsync(string? projectId, CancellationToken cancellationToken);

    /// <summary>Marks a credential revoked (idempotent: revoking twice keeps the first instant).</summary>
    Task<StoreResult<Credential>> RevokeCredentialAsync(CredentialKind kind, string keyId, CancellationToken cancellationToken);

    // Project tokens: named, optionally expiring; revoking and rotating one record a Token change for the other nodes.

    /// <summary>
    /// Adds a named token (<see cref="ProjectToken.Hash"/>, <see cref="ProjectToken.Name"/>, optional expiry): a name taken
    /// by an active token of the project is a conflict on <c>name</c>, as is a project at
    /// <see cref="Sql.SqlStore.MaxActiveTokensPerProject"/>; an unknown project is not found on <c>project_id</c>.
    /// </summary>
    Task<StoreResult<ProjectToken>> CreateTokenAsync(ProjectToken token, CancellationToken cancellationToken);

    /// <summary>The project's tokens, revoked and expired ones included, in creation order.</summary>
    Task<IReadOnlyList<ProjectToken>> ListTokensAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>A token of the project by id; null when absent or foreign.</summary>
    Task<ProjectToken?> GetTokenAsync(string projectId, long id, CancellationToken cancellationToken);

    /// <summary>The token with this hash, revoked or expired or not (the caller checks <see cref="ProjectToken.IsValidAt"/>).</summary>
    Task<ProjectToken?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Revokes a token of the project (idempotent: the first instant stays); not found when absent or foreign.</summary>
    Task<StoreResult<ProjectToken>> RevokeTokenAsync(string projectId, long id, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a token of the project a new secret (its hash replaces the old one, which stops at once); not found when
    /// absent or foreign, a conflict on <c>id</c> when it is revoked.
    /// </summary>
    Task<StoreResult<ProjectToken>> RotateTokenAsync(string projectId, long id, string newHash, CancellationToken cancellationToken);

    /// <summary>Records that a token was used at <paramref name="usedAt"/> (never moves it back); records no change.</summary>
    Task TouchTokenAsync(long id, DateTimeOffset usedAt, CancellationToken cancellationToken);

    // Load balancers: name unique per project when non-empty; delete refused while listeners, server groups or HAProxy bindings use it.

    Task<StoreResult<LoadBalancer>> CreateLoadBalancerAsync(LoadBalancer loadBalancer, CancellationToken cancellationToken);

    Task<LoadBalancer?> GetLoadBalancerAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<StoreResult<LoadBalancer>> UpdateLoadBalancerAsync(LoadBalancer loadBalancer, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteLoadBalancerAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<Page<LoadBalancer>> ListLoadBalancersAsync(string projectId, LoadBalancerFilter filter, PageRequest page, CancellationToken cancellationToken);

    // Listeners: (load balancer, protocol, port) unique; the default pool must be in the same load balancer.

    Task<StoreResult<Listener>> CreateListenerAsync(Listener listener, CancellationToken cancellationToken);

    Task<Listener?> GetListenerAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<StoreResult<Listener>> UpdateListenerAsync(Listener listener, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteListenerAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<Page<Listener>> ListListenersAsync(string projectId, ListenerFilter filter, PageRequest page, CancellationToken cancellationToken);

    // Server groups: delete refused while it has members or is a listener's default pool; its monitor goes with it.

    Task<StoreResult<ServerGroup>> CreateServerGroupAsync(ServerGroup serverGroup, CancellationToken cancellationToken);

    Task<ServerGroup?> GetServerGroupAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<StoreResult<ServerGroup>> UpdateServerGroupAsync(ServerGroup serverGroup, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteServerGroupAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<Page<ServerGroup>> ListServerGroupsAsync(string projectId, ServerGroupFilter filter, PageRequest page, CancellationToken cancellationToken);

    // Members: (pool, address, port) unique; deleting one drops its health and transitions.

    Task<StoreResult<Member>> CreateMemberAsync(Member member, CancellationToken cancellationToken);

    Task<Member?> GetMemberAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<StoreResult<Member>> UpdateMemberAsync(Member member, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteMemberAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<Page<Member>> ListMembersAsync(string projectId, MemberFilter filter, PageRequest page, CancellationToken cancellationToken);

    // Health monitors: one per pool (a second is a conflict on pool_id).

    Task<StoreResult<HealthMonitor>> CreateHealthMonitorAsync(HealthMonitor healthMonitor, CancellationToken cancellationToken);

    Task<HealthMonitor?> GetHealthMonitorAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<StoreResult<HealthMonitor>> UpdateHealthMonitorAsync(HealthMonitor healthMonitor, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteHealthMonitorAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<Page<HealthMonitor>> ListHealthMonitorsAsync(string projectId, HealthMonitorFilter filter, PageRequest page, CancellationToken cancellationToken);

    // Instances: name unique per project when non-empty; delete refused while members refer to it.

    Task<StoreResult<Instance>> CreateInstanceAsync(Instance instance, CancellationToken cancellationToken);

    Task<Instance?> GetInstanceAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<StoreResult<Instance>> UpdateInstanceAsync(Instance instance, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteInstanceAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<Page<Instance>> ListInstancesAsync(string projectId, InstanceFilter filter, PageRequest page, CancellationToken cancellationToken);

    // HAProxy bindings: name unique per load balancer when non-empty; the load balancer must exist in the project.

    Task<StoreResult<HaproxyBinding>> CreateHaproxyBindingAsync(HaproxyBinding binding, CancellationToken cancellationToken);

    Task<HaproxyBinding?> GetHaproxyBindingAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<StoreResult<HaproxyBinding>> UpdateHaproxyBindingAsync(HaproxyBinding binding, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteHaproxyBindingAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<Page<HaproxyBinding>> ListHaproxyBindingsAsync(string projectId, HaproxyBindingFilter filter, PageRequest page,
        CancellationToken cancellationToken);

    // Webhooks: name unique per project when non-empty. Secrets are sealed at rest when the store has a secrets key
    // (Sql.SqlStore.UseSecretsAsync) and always read back in clear. Deleting a webhook deletes its deliveries.
    // No change is recorded for other nodes: nothing holds webhooks in memory, their readers ask the store.

    Task<StoreResult<Webhook>> CreateWebhookAsync(Webhook webhook, CancellationToken cancellationToken);

    Task<Webhook?> GetWebhookAsync(string projectId, string id, CancellationToken cancellationToken);

    /// <summary>Writes name, description, URL, events, states and admin state; the secrets are kept (see <see cref="RotateWebhookSecretAsync"/>).</summary>
    Task<StoreResult<Webhook>> UpdateWebhookAsync(Webhook webhook, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteWebhookAsync(string projectId, string id, CancellationToken cancellationToken);

    /// <summary>A page of the project's webhooks; a null <paramref name="projectId"/> lists every project's (for the outbox writer).</summary>
    Task<Page<Webhook>> ListWebhooksAsync(string? projectId, WebhookFilter filter, PageRequest page, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="newSecret"/> the webhook's secret; the current one becomes its previous secret, which still
    /// signs until <paramref name="previousExpiresAt"/>. Not found when absent or foreign.
    /// </summary>
    Task<StoreResult<Webhook>> RotateWebhookSecretAsync(string projectId, string id, string newSecret, DateTimeOffset previousExpiresAt,
        CancellationToken cancellationToken);

    // Alertmanagers: name unique per project when non-empty; no change recorded (the pushers read the store).

    Task<StoreResult<AlertmanagerTarget>> CreateAlertmanagerAsync(AlertmanagerTarget alertmanager, CancellationToken cancellationToken);

    Task<AlertmanagerTarget?> GetAlertmanagerAsync(string projectId, string id, CancellationToken cancellationToken);

    Task<StoreResult<AlertmanagerTarget>> UpdateAlertmanagerAsync(AlertmanagerTarget alertmanager, CancellationToken cancellationToken);

    Task<StoreResult<Deleted>> DeleteAlertmanagerAsync(string projectId, string id, CancellationToken cancellationToken);

    /// <summary>A page of the project's Alertmanagers; a null <paramref name="projectId"/> lists every project's (for the pusher).</summary>
    Task<Page<AlertmanagerTarget>> ListAlertmanagersAsync(string? projectId, AlertmanagerFilter filter, PageRequest page,
        CancellationToken cancellationToken);

    // Start-up and health.

    /// <summary>Every resource of every project, one query per table, in one read transaction.</summary>
    Task<StoreSnapshot> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>Upserts the latest state of one member; false when the member no longer exists (nothing written).</summary>
    Task<bool> SaveMemberHealthAsync(MemberHealth health, CancellationToken cancellationToken);

    /// <summary>Appends one transition; false when the member no longer exists (nothing written).</summary>
    Task<bool> AppendTransitionAsync(string memberId, HealthTransition transition, CancellationToken cancellationToken);

    /// <summary>
    /// Upserts many latest states and appends many transitions in one transaction (an engine burst). Rows of members
    /// deleted meanwhile are skipped. Returns how many state rows and transitions were written.
    /// </summary>
    Task<(int States, int Transitions)> SaveHealthBatchAsync(
        IReadOnlyList<MemberHealth> states, IReadOnlyList<MemberTransition> transitions, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="SaveHealthBatchAsync(IReadOnlyList{MemberHealth}, IReadOnlyList{MemberTransition}, CancellationToken)"/>
    /// with, in the same transaction, the notifications those transitions gave: one outbox row per event and webhook of
    /// its project that wants it (test events excepted: see <see cref="AddDeliveryAsync"/>).
    /// </summary>
    Task<(int States, int Transitions)> SaveHealthBatchAsync(IReadOnlyList<MemberHealth> states, IReadOnlyList<MemberTransition> transitions,
        IReadOnlyList<OutboxEvent> notifications, CancellationToken cancellationToken);

    /// <summary>The latest state of every member, for resuming after a restart.</summary>
    Task<IReadOnlyList<MemberHealth>> LoadMemberHealthAsync(CancellationToken cancellationToken);

    /// <summary>The latest state of one member of the project; null when absent or foreign.</summary>
    Task<MemberHealth?> GetMemberHealthAsync(string projectId, string memberId, CancellationToken cancellationToken);

    /// <summary>The newest transitions of a member of the project, newest first; not found when the member is absent or foreign.</summary>
    Task<StoreResult<IReadOnlyList<StoredTransition>>> ListTransitionsAsync(
        string projectId, string memberId, int limit, CancellationToken cancellationToken);

    // The notifications outbox (webhook_deliveries).

    /// <summary>Queues one event for one webhook of the project, whatever its filters (a test event); not found when the webhook is absent or foreign.</summary>
    Task<StoreResult<WebhookDelivery>> AddDeliveryAsync(string projectId, string webhookId, OutboxEvent notification, CancellationToken cancellationToken);

    /// <summary>Every webhook with pending deliveries, with the first of them, soonest due first.</summary>
    Task<IReadOnlyList<PendingQueue>> ListPendingQueuesAsync(CancellationToken cancellationToken);

    /// <summary>A webhook's first pending deliveries, in the order they must be sent.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListPendingDeliveriesAsync(string webhookId, int limit, CancellationToken cancellationToken);

    /// <summary>Records attempts in one transaction (a delivery no longer pending is left alone); returns the rows changed.</summary>
    Task<int> RecordDeliveryAttemptsAsync(IReadOnlyList<DeliveryAttempt> attempts, CancellationToken cancellationToken);

    /// <summary>
    /// A webhook's deliveries, newest first (<see cref="PageRequest.After"/>: the id the previous page ended at); not
    /// found when the webhook is absent or foreign.
    /// </summary>
    Task<StoreResult<Page<WebhookDelivery>>> ListDeliveriesAsync(string projectId, string webhookId, DeliveryStatus? status, PageRequest page,
        CancellationToken cancellationToken);

    /// <summary>One delivery of a webhook of the project.</summary>
    Task<StoreResult<WebhookDelivery>> GetDeliveryAsync(string projectId, string webhookId, long deliveryId, CancellationToken cancellationToken);

    /// <summary>Queues a delivery again, as a new pending row after the webhook's others (same event id and payload).</summary>
    Task<StoreResult<WebhookDelivery>> RedeliverAsync(string projectId, string webhookId, long deliveryId, CancellationToken cancellationToken);

    /// <summary>Where each webhook's outbox stands; a webhook with no delivery at all is absent from the answer.</summary>
    Task<IReadOnlyDictionary<string, DeliverySummary>> SummarizeDeliveriesAsync(IReadOnlyList<string> webhookIds, CancellationToken cancellationToken);

    /// <summary>Deletes delivered and dead deliveries created before <paramref name="createdBefore"/>; returns how many.</summary>
    Task<int> PruneDeliveriesAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken);
}
