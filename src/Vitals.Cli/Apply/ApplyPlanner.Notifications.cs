using System.Text.Json.Nodes;

namespace Vitals.Cli.Apply;

// A project's webhooks and Alertmanagers: matched by name. A webhook's secret is sent only when apply creates it (the
// server never shows it again, so there is nothing to compare); a generated one is kept for the end of the run.
internal sealed partial class ApplyPlanner
{
    private void PlanNotifications()
    {
        foreach (var webhook in _file.Webhooks)
        {
            var existing = CurrentFleet.TakeByName(_current.Webhooks, webhook.Name, _matched);
            if (existing is null)
            {
                CreateWebhook(webhook);
                continue;
            }

            Update("webhooks", webhook, existing, [], []);
        }

        foreach (var alertmanager in _file.Alertmanagers)
        {
            var existing = CurrentFleet.TakeByName(_current.Alertmanagers, alertmanager.Name, _matched);
            if (existing is null)
            {
                Create("alertmanagers", alertmanager, null, alertmanager.Fields["url"]?.ToString(), (_, b) => b,
                    alertmanager.Fields.DeepClone().AsObject());
                continue;
            }

            Update("alertmanagers", alertmanager, existing, [], []);
        }
    }

    private void CreateWebhook(DesiredResource webhook)
    {
        var body = webhook.Fields.DeepClone().AsObject();
        if (webhook.Secret is { } secret)
        {
            body["secret"] = secret;
        }

        var step = new PlanStep(PlanAction.Create, webhook.Kind, webhook.Label, null, webhook.Fields["url"]?.ToString(), []);
        var label = webhook.Label;
        var generated = webhook.Secret is null;
        _creates.Add(new PlannedCall(step, async (run, token) =>
        {
            var created = await run.Client.PostAsync("/api/v1/webhooks", body.DeepClone().AsObject(), token);
            if (generated && created["secret"]?.GetValue<string>() is { } shown)
            {
                run.Secrets.Add((label, CurrentFleet.Id(created), shown));
            }
        }));
    }

    private void PruneNotifications()
    {
        foreach (var webhook in _current.Webhooks)
        {
            Delete(_deleteNotifications, "webhooks", "webhook", webhook, CurrentFleet.Text(webhook, "url"));
        }

        foreach (var alertmanager in _current.Alertmanagers)
        {
            Delete(_deleteNotifications, "alertmanagers", "alertmanager", alertmanager, CurrentFleet.Text(alertmanager, "url"));
        }
    }

    /// <summary>The generated secrets of a run, for <c>-o json</c>/<c>yaml</c>.</summary>
    public static JsonArray SecretsJson(ApplyRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var secrets = new JsonArray();
        foreach (var (webhook, id, secret) in run.Secrets)
        {
            secrets.Add(new JsonObject { ["webhook"] = webhook, ["id"] = id, ["secret"] = secret });
        }

        return secrets;
    }
}
