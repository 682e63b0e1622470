using System.ComponentModel.DataAnnotations;

namespace Vitals.Server;

public sealed partial class VitalsServerOptions
{
    /// <summary>
    /// Alertmanager base URLs (<c>http(s)://host:9093</c>; each item may hold several separated by commas, for an HA pair)
    /// that receive an alert for every member out of rotation and every pool in panic; empty: no push. See
    /// docs/notifications.md, "Alertmanager".
    /// </summary>
    /// <value>empty</value>
    public IList<string> Alertmanager { get; set; } = [];

    /// <summary>How often every firing alert is sent again: well under Alertmanager's resolve_timeout (5 minutes by default).</summary>
    /// <value>30 seconds</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:04:00")]
    public TimeSpan AlertmanagerInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Alertmanager URLs, parsed; empty when none (or when one is not valid: the validator reports it).</summary>
    internal IReadOnlyList<Uri> AlertmanagerUrls()
    {
        var errors = new List<string>();
        var urls = Control.Notifications.AlertmanagerUrls.Parse(Alertmanager, errors);
        return errors.Count == 0 ? urls : [];
    }
}
