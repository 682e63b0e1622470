namespace Vitals.Core.Notifications;

/// <summary>
/// The console page an event points at: the member's page for member events, the pool's for pool events, the
/// overview for a test. Routes are the console's <c>#/…</c> fragments (docs/console.md).
/// </summary>
public static class ConsoleLink
{
    /// <summary>The link, or null when <paramref name="consoleBaseUrl"/> is null or empty.</summary>
    public static string? For(NotificationEvent evt, string? consoleBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (string.IsNullOrEmpty(consoleBaseUrl))
        {
            return null;
        }

        var route = evt.Member is { } member ? "#/members/" + Uri.EscapeDataString(member.MemberId)
            : evt.Pool is { } pool ? "#/pools/" + Uri.EscapeDataString(pool.PoolId)
            : "#/overview";
        return consoleBaseUrl.EndsWith('/') ? consoleBaseUrl + route : consoleBaseUrl + "/" + route;
    }
}
