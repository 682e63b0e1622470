using Vitals.Control.Access;
using Vitals.Server.Dialects.Huawei.Credentials;
using Vitals.Server.Dialects.Huawei.Signing;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// The Huawei dialect: ELB v3 health monitors, pools and members under <c>/v3/{project_id}/elb/</c>, authenticated
/// with <c>X-Auth-Token</c> (a project token) or an AK/SK signature (AKs from <c>/api/v1/huawei-credentials</c>), answering in Huawei's shapes and error codes (docs/dialect-huawei.md).
/// </summary>
public static class HuaweiDialect
{
    public static IServiceCollection AddHuaweiDialect(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new HuaweiSignatureOptions());
        services.AddSingleton(sp => new HuaweiSignatureVerifier(StoreHuaweiCredentials.Lookup(sp.GetRequiredService<CredentialService>()),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<HuaweiSignatureOptions>()));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(HuaweiCredentialJsonContext.Default));
        return services;
    }

    public static WebApplication MapHuaweiDialect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHuaweiCredentials();
        var elb = app.MapGroup("/v3/{project_id}/elb").RequireHuaweiProject().ExcludeFromDescription();
        elb.WithMetadata(HuaweiErrors.StorageFailure);
        elb.MapHuaweiHealthMonitors();
        elb.MapHuaweiPools();
        elb.MapHuaweiMembers();

        // Any other path under /v3: Huawei's API gateway answer for an unknown API.
        app.Map("/v3/{**rest}", static (HttpContext context) =>
            HuaweiErrors.Error(context, StatusCodes.Status404NotFound, HuaweiErrors.UnknownApi, "API not found")).ExcludeFromDescription();
        return app;
    }
}
