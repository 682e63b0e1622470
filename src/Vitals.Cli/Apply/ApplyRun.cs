using System.Text.Json.Nodes;
using Vitals.Cli.Client;

namespace Vitals.Cli.Apply;

/// <summary>
/// The state of an apply while its calls run: the ids of resources by key (<c>lb:edge</c>, <c>pool:edge/web</c>),
/// known ones from the start and created ones as they are created, so a child finds its parent's new id.
/// </summary>
internal sealed class ApplyRun(VitalsClient client)
{
    public VitalsClient Client { get; } = client;

    public Dictionary<string, string> Ids { get; } = new(StringComparer.Ordinal);

    /// <summary>Secrets the server generated for webhooks this run created: shown once, at the end of the run.</summary>
    public List<(string Webhook, string Id, string Secret)> Secrets { get; } = [];

    public async Task CreateAsync(string kind, string key, JsonObject body, CancellationToken cancellationToken)
    {
        var created = await Client.PostAsync($"/api/v1/{kind}", body, cancellationToken);
        Ids[key] = CurrentFleet.Id(created);
    }

    public string IdOf(string key) =>
        Ids.TryGetValue(key, out var id) ? id : throw new InvalidOperationException($"no id for {key}: the plan is out of order");
}
