using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vitals.Engine;

namespace Vitals.Server;

/// <summary>The server's and the engine's options in DI, each with its generated and cross-field validators, checked at start.</summary>
internal static class OptionsRegistration
{
    public static IServiceCollection AddValidatedOptions(this IServiceCollection services, VitalsServerOptions options)
    {
        services.AddGiven(options).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VitalsServerOptions>, VitalsServerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VitalsServerOptions>, VitalsServerOptionsCrossFieldValidator>());

        services.AddGiven(options.EffectiveEngine()).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsCrossFieldValidator>());
        return services;
    }

    private static OptionsBuilder<T> AddGiven<T>(this IServiceCollection services, T instance)
        where T : class
    {
        var builder = services.AddOptions<T>();
        services.AddSingleton<IOptionsFactory<T>>(sp => new GivenOptionsFactory<T>(instance,
            sp.GetServices<IConfigureOptions<T>>(), sp.GetServices<IPostConfigureOptions<T>>(), sp.GetServices<IValidateOptions<T>>()));
        return builder;
    }
}
