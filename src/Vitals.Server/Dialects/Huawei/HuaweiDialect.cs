namespace Vitals.Server.Dialects.Huawei;

/// <summary>The Huawei dialect: its services and the paths its official clients call.</summary>
public static class HuaweiDialect
{
    public static IServiceCollection AddHuaweiDialect(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services;
    }

    public static WebApplication MapHuaweiDialect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
