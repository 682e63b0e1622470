namespace Vitals.Control.Fleet;

/// <summary>Registers the native fleet service (validation, store writes, change notification).</summary>
public static class FleetServices
{
    public static IServiceCollection AddFleet(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<FleetService>();
        return services;
    }
}
