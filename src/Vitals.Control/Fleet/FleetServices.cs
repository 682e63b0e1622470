using Microsoft.Extensions.DependencyInjection.Extensions;
using Vitals.Control.Traffic;

namespace Vitals.Control.Fleet;

/// <summary>Registers the native fleet service (validation, store writes, change notification).</summary>
public static class FleetServices
{
    public static IServiceCollection AddFleet(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<FleetService>();
        // Replaced by the HAProxy sync service when it runs (registered before, or with Replace).
        services.TryAddSingleton<IHaproxySyncStatus, NoHaproxySyncStatus>();
        return services;
    }
}
