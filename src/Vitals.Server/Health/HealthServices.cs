using Vitals.Server.Fleet;

namespace Vitals.Server.Health;

/// <summary>Registers what keeps the engine in step with the store and records its verdicts.</summary>
public static class HealthServices
{
    public static IServiceCollection AddHealthCoordination(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<HealthRecorder>();
        services.AddSingleton<HealthEventHub>();
        services.AddSingleton<HealthCoordinator>();
        services.AddSingleton<HealthQuery>();
        services.AddSingleton<IFleetObserver>(sp => sp.GetRequiredService<HealthCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<HealthCoordinator>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(HealthJsonContext.Default));
        return services;
    }
}
