using Microsoft.Extensions.DependencyInjection.Extensions;
using Vitals.Control.Fleet;

namespace Vitals.Control.Instances;

/// <summary>Registers instance health: node_exporter scraping, the rule evaluation, and and its live member states.</summary>
public static class InstanceHealthServices
{
    public static IServiceCollection AddInstanceHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(new InstanceHealthOptions());
        services.AddSingleton<InstanceHealthService>();
        // First in the observer list: resolving a single IFleetObserver must keep giving the health coordinator.
        services.Insert(0, ServiceDescriptor.Singleton<IFleetObserver>(sp => sp.GetRequiredService<InstanceHealthService>()));
        services.AddSingleton<IKnownResources>(sp => sp.GetRequiredService<InstanceHealthService>());
        services.AddHostedService(sp => sp.GetRequiredService<InstanceHealthService>());
        return services;
    }
}
