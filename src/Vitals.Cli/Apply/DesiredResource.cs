using System.Text.Json.Nodes;

namespace Vitals.Cli.Apply;

/// <summary>
/// One resource as the fleet file declares it, validated: <see cref="Fields"/> holds every field <c>apply</c> manages,
/// with the API's wire names and canonical values (defaults filled in, enums upper case, addresses canonical), so it
/// compares equal to what the server shows when nothing changed.
/// </summary>
internal sealed class DesiredResource(string kind, string path, string label, JsonObject fields)
{
    /// <summary>
    /// <c>instance</c>, <c>loadbalancer</c>, <c>listener</c>, <c>pool</c>, <c>healthmonitor</c>, <c>member</c> or
    /// <c>haproxy-binding</c>, <c>webhook</c> or <c>alertmanager</c>.
    /// </summary>
    public string Kind { get; } = kind;

    /// <summary>Where it is in the file, for messages: <c>loadbalancers[0].listeners[1]</c>.</summary>
    public string Path { get; } = path;

    /// <summary>Its name path for people: <c>edge/web/web-1</c>.</summary>
    public string Label { get; } = label;

    public JsonObject Fields { get; } = fields;

    /// <summary>Listeners: the name of the pool nested under it. Pools: the listener it sits under.</summary>
    public string? PoolName { get; init; }

    public string? ListenerName { get; init; }

    /// <summary>Members: the name of the instance the member runs on.</summary>
    public string? InstanceName { get; init; }

    public DesiredResource? Monitor { get; set; }

    public List<DesiredResource> Listeners { get; } = [];

    public List<DesiredResource> Pools { get; } = [];

    public List<DesiredResource> Members { get; } = [];

    /// <summary>Load balancers: their HAProxy bindings.</summary>
    public List<DesiredResource> HaproxyBindings { get; } = [];

    /// <summary>HAProxy bindings: pool name → backend name (the server keys them by pool id).</summary>
    public SortedDictionary<string, string>? Backends { get; init; }

    /// <summary>Webhooks: the secret the file gives, sent only when apply creates the webhook.</summary>
    public string? Secret { get; init; }

    public string Name => Fields["name"]?.GetValue<string>() ?? "";
}
