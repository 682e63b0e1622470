using Vitals.Server.Auth;

namespace Vitals.Server.Metrics;

internal sealed partial class MetricsExporter
{
    private static readonly (AuthSurface Surface, string Label)[] AuthSurfaces =
    [
        (AuthSurface.Native, "native"),
        (AuthSurface.Huawei, "huawei"),
        (AuthSurface.Alibaba, "alibaba"),
        (AuthSurface.Ovh, "ovh"),
    ];

    /// <summary>Failed authentications and the requests refused for them, per surface (<c>vitals_auth_*</c>).</summary>
    private void WriteAuth(PrometheusTextWriter writer)
    {
        writer.Family("vitals_auth_failures_total"u8,
            "Credentials given and refused since start (unknown token, wrong signature, unknown key), per surface.", "counter"u8);
        foreach (var (surface, label) in AuthSurfaces)
        {
            writer.Raw("vitals_auth_failures_total{"u8);
            writer.Label("surface"u8, label, first: true);
            writer.Raw("}"u8);
            writer.Value(auth.FailuresOf(surface));
        }

        writer.Family("vitals_auth_throttled_total"u8,
            "Requests refused with 429 since start because their source address made too many failed authentications, per surface.",
            "counter"u8);
        foreach (var (surface, label) in AuthSurfaces)
        {
            writer.Raw("vitals_auth_throttled_total{"u8);
            writer.Label("surface"u8, label, first: true);
            writer.Raw("}"u8);
            writer.Value(auth.ThrottledOf(surface));
        }
    }
}
