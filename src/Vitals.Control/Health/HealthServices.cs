using Vitals.Control.Fleet;
using Vitals.Control.Traffic;

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
        services.AddSingleton(sp => new PanicWatch(sp.GetRequiredService<RotationBook>(), sp.GetRequiredService<HealthEventHub>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<PanicWatch>());
        return services;
    }
}
