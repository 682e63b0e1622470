using System.Text.Json;
using System.Text.Json.Nodes;
using Vitals.Core.Resources;
using Vitals.Core.Validation;

namespace Vitals.Cli.Apply;

// A project's webhooks and Alertmanagers (docs/fleet-file.md, "Format": webhooks and alertmanagers at the top).
internal static partial class FleetFileReader
{
    private static readonly string[] WebhookKeys = ["name", "description", "url", "events", "states", "admin_state_up", "secret"];
    private static readonly string[] AlertmanagerKeys = ["name", "description", "url", "admin_state_up"];

    /// <summary>
    /// Reads <c>webhooks:</c> and <c>alertmanagers:</c>: names unique, the URL, events, states and secret by the API's own
    /// rules (the server's target policy judges the URL's address when it is sent).
    /// </summary>
    private static void ReadNotifications(FieldReader top, FleetFile file, FieldErrorList errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = top.List("webhooks");
        for (var i = 0; i < items.Count; i++)
        {
            if (ReadWebhook(items[i], $"webhooks[{i}]", errors) is { } webhook)
            {
                Unique(names, webhook.Name, webhook.Path, "webhook", errors);
                file.Webhooks.Add(webhook);
            }
        }

        names.Clear();
        items = top.List("alertmanagers");
        for (var i = 0; i < items.Count; i++)
        {
            if (FieldReader.Open(items[i], $"alertmanagers[{i}]", AlertmanagerKeys, errors) is not { } r)
            {
                continue;
            }

            var name = r.RequiredName();
            var description = r.String("description") ?? "";
            var url = r.String("url");
            var local = new FieldErrorList();
            ResourceRules.Name(local, name);
            DescriptionRule.Check(local, description);
            WebhookRules.Url(local, url, required: true, plainBase: true);
            r.Errors(local.Errors);
            Unique(names, name, r.Path, "Alertmanager", errors);
            file.Alertmanagers.Add(new DesiredResource("alertmanager", r.Path, name, new JsonObject
            {
                ["name"] = name, ["description"] = description, ["url"] = url, ["admin_state_up"] = r.Bool("admin_state_up") ?? true,
            }));
        }
    }

    private static DesiredResource? ReadWebhook(JsonNode? node, string path, FieldErrorList errors)
    {
        if (FieldReader.Open(node, path, WebhookKeys, errors) is not { } r)
        {
            return null;
        }

        var name = r.RequiredName();
        var description = r.String("description") ?? "";
        var url = r.String("url");
        var secret = r.String("secret");
        var events = Strings(r, "events");
        var states = Strings(r, "states");
        var local = new FieldErrorList();
        ResourceRules.Name(local, name);
        DescriptionRule.Check(local, description);
        WebhookRules.Url(local, url, required: true);
        WebhookRules.Events(local, events);
        WebhookRules.States(local, states);
        WebhookRules.Secret(local, secret);
        r.Errors(local.Errors);
        return new DesiredResource("webhook", path, name, new JsonObject
        {
            ["name"] = name,
            ["description"] = description,
            ["url"] = url,
            ["events"] = new JsonArray([.. events.Select(static e => (JsonNode?)JsonValue.Create(e))]),
            ["states"] = new JsonArray([.. states.Select(static s => (JsonNode?)JsonValue.Create(s))]),
            ["admin_state_up"] = r.Bool("admin_state_up") ?? true,
        })
        {
            // Sent when apply creates the webhook, never compared: the server shows a secret only once.
            Secret = secret,
        };
    }

    /// <summary>A list of strings (empty when absent); any other item is an error at its index.</summary>
    private static List<string> Strings(FieldReader r, string key)
    {
        var strings = new List<string>();
        var items = r.List(key);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                strings.Add(value.GetValue<string>());
            }
            else
            {
                r.Error($"{key}[{i}]", $"must be a string (got {items[i]?.ToJsonString() ?? "null"})");
            }
        }

        return strings;
    }
}
