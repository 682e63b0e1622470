namespace Vitals.Server.Dialects.Alibaba;

/// <summary>The Alibaba dialect: its services and the paths its official clients call.</summary>
public static class AlibabaDialect
{
    public static IServiceCollection AddAlibabaDialect(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }

    public static WebApplication MapAlibabaDialect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
