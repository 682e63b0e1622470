using System.Globalization;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>Huawei's instants: <c>yyyy-MM-dd'T'HH:mm:ss'Z'</c>, UTC.</summary>
internal static class HuaweiTime
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
