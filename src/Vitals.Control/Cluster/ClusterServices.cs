using Vitals.Storage;

namespace Vitals.Control.Cluster;

/// <summary>Registers what makes a node follow the changes other nodes sharing its store commit.</summary>
internal static class ClusterServices
{
    /// <summary>Follows <paramref name="feed"/>; only for a store several nodes share (PostgreSQL).</summary>
    public static IServiceCollection AddChangeFollower(this IServiceCollection services, IChangeFeed feed)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(feed);
        services.AddSingleton<ChangeFollower>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFollower>());
        return services;
    }
}
