namespace Vitals.Server.Dialects.Ovh;

/// <summary>The Ovh dialect: its services and the paths its official clients call.</summary>
public static class OvhDialect
{
    public static IServiceCollection AddOvhDialect(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }

    public static WebApplication MapOvhDialect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
