using Vitals.Control.Fleet;

namespace Vitals.Control.Health;

/// <summary>Registers what keeps the engine in step with the store, records its verdicts and reads live health.</summary>
public static class HealthServices
{
    public static IServiceCollection AddHealthCoordination(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<HealthRecorder>();
        services.AddSingleton<HealthEventHub>();
        services.AddSingleton<HealthCoordinator>();
        services.AddSingleton(sp => sp.GetRequiredService<HealthCoordinator>().Reader);
        services.AddSingleton(sp => sp.GetRequiredService<HealthCoordinator>().Rotations);
        services.AddSingleton<IFleetObserver>(sp => sp.GetRequiredService<HealthCoordinator>());
        services.AddSingleton<IKnownResources>(sp => sp.GetRequiredService<HealthCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<HealthCoordinator>());
        return services;
    }
}
