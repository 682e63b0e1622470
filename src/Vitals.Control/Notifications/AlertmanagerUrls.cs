namespace Vitals.Control.Notifications;

/// <summary>
/// Parses <c>--alertmanager</c>: items that may each hold several URLs separated by commas, every one an absolute
/// <c>http</c> or <c>https</c> URL with no query, fragment or user info (a path prefix is kept: an Alertmanager behind a
/// proxy at <c>/alertmanager</c>). Collects every error.
/// </summary>
public static class AlertmanagerUrls
{
    /// <summary>The URLs, in order and without duplicates; every bad item adds an error to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<Uri> Parse(IEnumerable<string>? items, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var urls = new List<Uri>();
        foreach (var item in items ?? [])
        {
            foreach (var part in item.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Uri.TryCreate(part, UriKind.Absolute, out var url)
                    || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"'{part}' is not an http:// or https:// URL");
                }
                else if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
                {
                    errors.Add($"'{part}' must have no query, fragment or user info");
                }
                else if (!urls.Contains(url))
                {
                    urls.Add(url);
                }
            }
        }

        return urls;
    }

    /// <summary>The v2 alerts endpoint under <paramref name="baseUrl"/>.</summary>
    public static Uri AlertsEndpoint(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/api/v2/alerts");
    }
}
