using Vitals.Control.Targets;
using Vitals.Control.Traffic;

namespace Vitals.Control.Notifications;

/// <summary>Registers the server-wide Alertmanager push (<c>vitals serve --alertmanager</c>).</summary>
public static class AlertmanagerServices
{
    /// <summary>
    /// The pusher as a singleton and a hosted service, for <paramref name="urls"/> re-sent every
    /// <paramref name="interval"/>; register it after <c>AddHealthCoordination</c> and <c>AddTargetPolicy</c>.
    /// </summary>
    public static IServiceCollection AddAlertmanagerPush(this IServiceCollection services, IReadOnlyList<Uri> urls, TimeSpan interval,
        Uri? publicUrl = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(urls);
        var options = new AlertmanagerOptions { Urls = urls, Interval = interval, PublicUrl = publicUrl };
        AlertmanagerOptions.Validate(options);
        services.AddSingleton(sp => new AlertmanagerPusher(sp.GetRequiredService<RotationBook>(), options,
            sp.GetRequiredService<TargetGuard>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertmanagerPusher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<AlertmanagerPusher>());
        return services;
    }

    /// <summary>
    /// The projects' own Alertmanagers (the <c>alertmanagers</c> resource), each pushed its project's alerts every
    /// <paramref name="interval"/>; register it after <c>AddHealthCoordination</c> and <c>AddTargetPolicy</c>.
    /// </summary>
    public static IServiceCollection AddProjectAlertmanagers(this IServiceCollection services, TimeSpan interval, Uri? publicUrl = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new ProjectAlertmanagers(sp.GetRequiredService<Storage.IStore>(), sp.GetRequiredService<RotationBook>(),
            sp.GetRequiredService<TargetGuard>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(), interval,
            publicUrl));
        services.AddHostedService(sp => sp.GetRequiredService<ProjectAlertmanagers>());
        return services;
    }
}
