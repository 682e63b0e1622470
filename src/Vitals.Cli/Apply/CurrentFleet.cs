using System.Text.Json.Nodes;
using Vitals.Cli.Client;

namespace Vitals.Cli.Apply;

/// <summary>What the project holds on the server now, every kind read in full, indexed by parent.</summary>
internal sealed class CurrentFleet
{
    public required List<JsonObject> Instances { get; init; }

    public required List<JsonObject> LoadBalancers { get; init; }

    public required List<JsonObject> Listeners { get; init; }

    public required List<JsonObject> Pools { get; init; }

    public required List<JsonObject> Monitors { get; init; }

    public required List<JsonObject> Members { get; init; }

    public List<JsonObject> HaproxyBindings { get; init; } = [];

    public List<JsonObject> Webhooks { get; init; } = [];

    public List<JsonObject> Alertmanagers { get; init; } = [];

    public static async Task<CurrentFleet> LoadAsync(VitalsClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new CurrentFleet
        {
            Instances = await client.ListAsync("instances", null, cancellationToken),
            LoadBalancers = await client.ListAsync("loadbalancers", null, cancellationToken),
            Listeners = await client.ListAsync("listeners", null, cancellationToken),
            Pools = await client.ListAsync("pools", null, cancellationToken),
            Monitors = await client.ListAsync("healthmonitors", null, cancellationToken),
            Members = await client.ListAsync("members", null, cancellationToken),
            HaproxyBindings = await client.ListAsync("haproxy-bindings", null, cancellationToken),
            Webhooks = await client.ListAsync("webhooks", null, cancellationToken),
            Alertmanagers = await client.ListAsync("alertmanagers", null, cancellationToken),
        };
    }

    public static string Id(JsonObject resource) => resource["id"]!.GetValue<string>();

    public static string? Text(JsonObject resource, string field) => resource[field]?.GetValue<string>();

    /// <summary>The resources of <paramref name="list"/> whose <paramref name="field"/> is <paramref name="parentId"/>.</summary>
    public static List<JsonObject> ChildrenOf(List<JsonObject> list, string field, string? parentId)
    {
        var children = new List<JsonObject>();
        if (parentId is null)
        {
            return children;
        }

        foreach (var item in list)
        {
            if (Text(item, field) == parentId)
            {
                children.Add(item);
            }
        }

        return children;
    }

    /// <summary>The first not yet matched resource named <paramref name="name"/>; it is then marked matched.</summary>
    public static JsonObject? TakeByName(List<JsonObject> candidates, string name, HashSet<string> matched)
    {
        foreach (var item in candidates)
        {
            if (Text(item, "name") == name && matched.Add(Id(item)))
            {
                return item;
            }
        }

        return null;
    }
}
