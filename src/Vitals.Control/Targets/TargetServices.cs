using Microsoft.Extensions.DependencyInjection.Extensions;
using Vitals.Core.Targets;

namespace Vitals.Control.Targets;

/// <summary>Registers the target policy and its guard; the built-in rules alone unless the host registered a policy first.</summary>
public static class TargetServices
{
    public static IServiceCollection AddTargetPolicy(this IServiceCollection services, TargetPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (policy is not null)
        {
            services.AddSingleton(policy);
        }

        services.TryAddSingleton(TargetPolicy.Default);
        services.TryAddSingleton(sp => new TargetGuard(sp.GetRequiredService<TargetPolicy>()));
        return services;
    }

    /// <summary>Registers the socket policy (<c>--allow-sockets</c>); <see cref="SocketPathPolicy.Default"/> unless given.</summary>
    public static IServiceCollection AddSocketPathPolicy(this IServiceCollection services, SocketPathPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (policy is not null)
        {
            services.AddSingleton(policy);
        }

        services.TryAddSingleton(SocketPathPolicy.Default);
        return services;
    }
}
