namespace Vitals.Control.Access;

/// <summary>Registers the doors to projects, credentials and project tokens.</summary>
public static class AccessServices
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<CredentialService>();
        services.AddSingleton<TokenService>();
        return services;
    }
}
