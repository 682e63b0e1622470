using Microsoft.Extensions.DependencyInjection.Extensions;
using Vitals.Control.Fleet;
using Vitals.Control.Targets;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>Registers the HAProxy runtime API sync; after the fleet and the health coordination.</summary>
public static class HaproxySyncServices
{
    public static IServiceCollection AddHaproxySync(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(new HaproxySyncOptions());
        services.AddSingleton(sp => new HaproxySyncService(sp.GetRequiredService<Storage.IStore>(), sp.GetRequiredService<RotationBook>(),
            sp.GetRequiredService<TargetGuard>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<HaproxySyncOptions>(),
            sp.GetRequiredService<ILogger<HaproxySyncService>>()));
        services.RemoveAll<IHaproxySyncStatus>();
        services.AddSingleton<IHaproxySyncStatus>(sp => sp.GetRequiredService<HaproxySyncService>());
        // First in the observer list: resolving a single IFleetObserver must keep giving the health coordinator.
        services.Insert(0, ServiceDescriptor.Singleton<IFleetObserver>(sp => sp.GetRequiredService<HaproxySyncService>()));
        services.AddSingleton<IKnownResources>(sp => sp.GetRequiredService<HaproxySyncService>());
        services.AddHostedService(sp => sp.GetRequiredService<HaproxySyncService>());
        return services;
    }
}
