namespace Vitals.Control.Notifications;

/// <summary>
/// Whether this node is the one that plans and delivers notifications. Nodes sharing a store each decide the same
/// transitions at slightly different instants, so only one of them may turn them into events: with PostgreSQL, the
/// node holding an advisory lock; alone (SQLite), always this one.
/// </summary>
internal interface INotifierLease
{
    bool IsHeld { get; }
}

/// <summary>A store with one node: it always notifies.</summary>
internal sealed class SingleNodeLease : INotifierLease
{
    public bool IsHeld => true;
}

/// <summary>Nodes sharing a PostgreSQL database: the one holding the <c>notifications</c> advisory lock notifies.</summary>
internal sealed class PostgresNotifierLease(Storage.Postgres.PostgresLease lease) : INotifierLease, IHostedService, IAsyncDisposable
{
    public const string Name = "notifications";

    public bool IsHeld => lease.IsHeld;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lease.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await lease.DisposeAsync();

    public ValueTask DisposeAsync() => lease.DisposeAsync();
}
