using Vitals.Control.Access;
using Vitals.Server.Dialects.Alibaba.AccessKeys;
using Vitals.Server.Dialects.Alibaba.Ecs;
using Vitals.Server.Dialects.Alibaba.Nlb;
using Vitals.Server.Dialects.Alibaba.Rpc;
using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Dialects.Alibaba;

/// <summary>
/// The Alibaba dialect: the RPC endpoint at <c>/</c> (NLB GetListenerHealthStatus, ECS DescribeInstancesFullStatus and
/// DescribeInstances, both signature schemes), the AccessKeys it is signed with (<c>/api/v1/access-keys</c>), and the
/// instance health those ECS calls report (also at <c>/api/v1/instances/{id}/health</c>).
/// </summary>
public static class AlibabaDialect
{
    public static IServiceCollection AddAlibabaDialect(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new AlibabaSignatureOptions());
        services.AddSingleton(sp => new AlibabaRequestAuthenticator(StoreAccessKeys.Lookup(sp.GetRequiredService<CredentialService>()),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AlibabaSignatureOptions>()));
        services.AddSingleton<EcsInstanceSource>();
        services.AddSingleton<IAlibabaOperation, GetListenerHealthStatusOperation>();
        services.AddSingleton<IAlibabaOperation, DescribeInstancesFullStatusOperation>();
        services.AddSingleton<IAlibabaOperation, DescribeInstancesOperation>();
        services.AddSingleton<AlibabaRpcEndpoint>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(AccessKeyJsonContext.Default));
        return services;
    }

    public static WebApplication MapAlibabaDialect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A middleware rather than a route: GET / belongs to the console unless the request names an Alibaba action.
        var rpc = app.Services.GetRequiredService<AlibabaRpcEndpoint>();
        app.Use(next => context => AlibabaRpcEndpoint.Matches(context.Request) ? rpc.HandleAsync(context) : next(context));
        app.MapAccessKeyEndpoints();
        return app;
    }
}
