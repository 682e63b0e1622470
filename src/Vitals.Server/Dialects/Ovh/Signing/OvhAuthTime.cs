namespace Vitals.Server.Dialects.Ovh.Signing;

/// <summary>
/// <c>GET /1.0/auth/time</c>: the server's Unix time as a bare JSON number. node-ovh calls it before its first signed
/// call and signs with <c>local time + (server - local)</c>, so its timestamps follow this clock, not its own.
/// </summary>
internal static class OvhAuthTime
{
    public static long Now(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return timeProvider.GetUtcNow().ToUnixTimeSeconds();
    }
}
