using System.Text.Json.Serialization;

namespace Vitals.Control.Notifications;

/// <summary>
/// One alert of Alertmanager's <c>POST /api/v2/alerts</c> (its <c>postableAlert</c>): the labels are its identity, so an
/// alert re-sent with the same labels refreshes the one Alertmanager holds; <see cref="EndsAt"/> in the past resolves it.
/// </summary>
/// <param name="Labels">Identity and routing: alertname, project, loadbalancer, pool, member, ...</param>
/// <param name="Annotations">Text for people: summary, description, console.</param>
/// <param name="StartsAt">When the condition began.</param>
/// <param name="EndsAt">When it ended (resolved); null while firing (Alertmanager then ends it after its resolve_timeout).</param>
/// <param name="GeneratorUrl">A link back to Vitals; null when the server's public URL is not known.</param>
internal sealed record AlertmanagerAlert(
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] DateTimeOffset StartsAt,
    [property: JsonPropertyName("endsAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndsAt,
    [property: JsonPropertyName("generatorURL"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GeneratorUrl)
{
    /// <summary>Same labels: Alertmanager takes both for the same alert.</summary>
    public bool SameIdentity(AlertmanagerAlert other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Labels.Count != other.Labels.Count)
        {
            return false;
        }

        foreach (var (name, value) in Labels)
        {
            if (!other.Labels.TryGetValue(name, out var theirs) || !string.Equals(value, theirs, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
