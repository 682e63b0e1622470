using System.Globalization;

namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>The <c>Timestamp</c> / <c>x-acs-date</c> checks shared by both schemes.</summary>
internal static class AlibabaTimestamp
{
    // Alibaba documents yyyy-MM-ddTHH:mm:ssZ; some older clients add milliseconds, which the service also takes.
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'"];

    public static bool TryParse(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);

    /// <returns>Null when <paramref name="text"/> is well-formed and within <paramref name="maxSkew"/> of now, else the failure.</returns>
    public static AlibabaAuthResult? Check(string text, string name, DateTimeOffset now, TimeSpan maxSkew,
        out DateTimeOffset instant)
    {
        if (!TryParse(text, out instant))
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.InvalidTimeStampFormat,
                $"Specified {name} \"{text}\" is not in the required format yyyy-MM-ddTHH:mm:ssZ (UTC).");
        }

        if ((instant - now).Duration() > maxSkew)
        {
            return AlibabaAuthResult.Failure(AlibabaErrorCodes.InvalidTimeStampExpired,
                $"Specified {name} or date header is expired: {text} is more than {maxSkew.TotalMinutes:0} minutes away from server time {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        return null;
    }
}
