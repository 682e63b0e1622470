using Microsoft.Extensions.Options;
using Vitals.Server.Demo;
using Vitals.Server.Fleet;
using Vitals.Storage;

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
        services.AddSingleton<IKnownResources>(sp => sp.GetRequiredService<HealthCoordinator>());
        services.AddHostedService(sp => sp.GetRequiredService<HealthCoordinator>());

        // After the coordinator, so the demo's members reach a running engine; a no-op without --demo.
        services.AddSingleton(sp => new DemoFleet(sp.GetRequiredService<IStore>(), sp.GetRequiredService<HealthCoordinator>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<VitalsServerOptions>>(), sp.GetRequiredService<ILogger<DemoFleet>>()));
        services.AddHostedService(sp => sp.GetRequiredService<DemoFleet>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(HealthJsonContext.Default));
        return services;
    }
}
