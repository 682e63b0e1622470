using System.Globalization;
using Vitals.Server.Dialects.Ovh.Credentials;
using Vitals.Server.Dialects.Ovh.Iplb;
using Vitals.Server.Dialects.Ovh.Signing;

namespace Vitals.Server.Dialects.Ovh;

/// <summary>
/// The OVH dialect: IP Load Balancing farms and servers under <c>/1.0/</c> with OVH's application-key signature, the
/// unsigned <c>/1.0/auth/time</c>, and <c>/api/v1/ovh-credentials</c> where a project issues its keys
/// (docs/dialect-ovh.md). node-ovh only speaks HTTPS: serve with <c>--tls-listen</c>.
/// </summary>
public static class OvhDialect
{
    public static IServiceCollection AddOvhDialect(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<OvhCredentialDirectory>();
        services.AddSingleton<OvhTaskBook>();
        services.AddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<OvhCredentialDirectory>();
            return new OvhSignatureVerifier(directory.LookupAsync, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    public static WebApplication MapOvhDialect(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOvhCredentials();
        app.MapGet("/1.0/auth/time", static (TimeProvider time) =>
            TypedResults.Text(OvhAuthTime.Now(time).ToString(CultureInfo.InvariantCulture), "application/json; charset=utf-8")).ExcludeFromDescription();
        app.MapGroup("/1.0/ipLoadbalancing").RequireOvhSignature().ExcludeFromDescription().WithMetadata(OvhErrorResults.StorageFailure).MapOvhIplb();

        // Any other path under /1.0: OVH's answer for a URL it does not serve.
        app.Map("/1.0/{**rest}", static () => OvhErrorResults.InvalidUrl()).ExcludeFromDescription();
        return app;
    }
}
