namespace Vitals.Control.Access;

/// <summary>Registers the door to projects and credentials.</summary>
public static class AccessServices
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<CredentialService>();
        return services;
    }
}
