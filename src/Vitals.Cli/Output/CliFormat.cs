using System.Globalization;

namespace Vitals.Cli.Output;

/// <summary>Formats shared by the text and JSON outputs.</summary>
internal static class CliFormat
{
    /// <summary>ISO-8601 UTC with milliseconds: <c>2026-11-21T08:44:15.123Z</c>.</summary>
    public static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Milliseconds for people: <c>0.045</c>, <c>1.3</c>, <c>1234.568</c>.</summary>
    public static string Millis(double ms) => ms.ToString("0.0##", CultureInfo.InvariantCulture);
}
