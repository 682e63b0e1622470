namespace Vitals.Control.Traffic;

/// <summary>Registers the agent-check responder (<c>vitals serve --agent-listen</c>).</summary>
public static class AgentServices
{
    /// <summary>
    /// The responder as a singleton and a hosted service; register it after <c>AddHealthCoordination</c>, so it starts
    /// once the coordinator has loaded the fleet.
    /// </summary>
    public static IServiceCollection AddAgentResponder(this IServiceCollection services, AgentResponderOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp => new AgentResponder(sp.GetRequiredService<RotationBook>(), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AgentResponder>>()));
        services.AddHostedService(sp => sp.GetRequiredService<AgentResponder>());
        return services;
    }
}
