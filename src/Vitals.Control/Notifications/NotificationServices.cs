using Vitals.Control.Health;
using Vitals.Control.Targets;
using Vitals.Storage;
using Vitals.Storage.Postgres;

namespace Vitals.Control.Notifications;

/// <summary>Registers the webhooks' notifications: the desk that plans them and the worker that delivers the outbox.</summary>
public static class NotificationServices
{
    /// <summary>
    /// The desk and the dispatcher, both singletons and hosted services; register it after <c>AddHealthCoordination</c>
    /// (the desk stops, sending its open windows, before the coordinator stops the recorder) and <c>AddTargetPolicy</c>.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<INotifierLease>(sp => sp.GetRequiredService<IStore>() is PostgresStore shared
            ? new PostgresNotifierLease(shared.CreateLease(PostgresNotifierLease.Name, sp.GetRequiredService<ILogger<PostgresNotifierLease>>()))
            : new SingleNodeLease());
        services.AddHostedService(sp => new LeaseHost(sp.GetRequiredService<INotifierLease>() as IHostedService));
        services.AddSingleton(sp => new NotificationDesk(sp.GetRequiredService<HealthRecorder>(), sp.GetRequiredService<HealthEventHub>(),
            sp.GetRequiredService<IStore>(), sp.GetRequiredService<TimeProvider>(), options, sp.GetRequiredService<INotifierLease>(),
            sp.GetRequiredService<ILogger<NotificationDesk>>()));
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDesk>());
        services.AddSingleton(sp => new WebhookDispatcher(sp.GetRequiredService<IStore>(), sp.GetRequiredService<TargetGuard>(),
            sp.GetRequiredService<TimeProvider>(), options, sp.GetRequiredService<INotifierLease>(), sp.GetRequiredService<HealthRecorder>(),
            sp.GetRequiredService<ILogger<WebhookDispatcher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        return services;
    }

    /// <summary>Starts and stops the lease when it is one that runs (PostgreSQL); a single node has none.</summary>
    private sealed class LeaseHost(IHostedService? lease) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => lease?.StartAsync(cancellationToken) ?? Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => lease?.StopAsync(cancellationToken) ?? Task.CompletedTask;
    }
}
