namespace Vitals.Core.Resources;

/// <summary>
/// An Alertmanager a project pushes its alerts to (<c>POST {url}/api/v2/alerts</c>): one alert per member out of
/// rotation and per pool in panic, re-sent while it lasts and resolved when it ends (docs/notifications.md).
/// </summary>
public sealed record AlertmanagerTarget : Resource
{
    /// <summary>Alertmanager's base URL (http or https), as for <c>vitals serve --alertmanager</c>.</summary>
    public required string Url { get; init; }

    public string Description { get; init; } = "";

    /// <summary>False: kept, but nothing is pushed.</summary>
    public bool AdminStateUp { get; init; } = true;
}
