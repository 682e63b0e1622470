using System.Security.Cryptography;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

// Webhooks: checked with Core's WebhookRules and the target policy (an address literal in the URL is checked now; a host
// name is checked on its addresses by the delivery worker at each connect), written straight to the store. No observer
// hears of them: nothing holds webhooks in memory.
public sealed partial class FleetService
{
    private const string WebhookKind = "webhook";

    /// <summary>Creates a webhook; its secret (the caller's, or a new <c>whsec_…</c>) is in the answer, the only time it is shown.</summary>
    public async Task<FleetResult<WebhookView>> CreateWebhookAsync(string projectId, WebhookInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        DescriptionRule.Check(errors, input.Description);
        WebhookRules.Url(errors, input.Url, required: true);
        TargetUrl(errors, "url", input.Url);
        var events = WebhookRules.Events(errors, input.Events);
        var states = WebhookRules.States(errors, input.States);
        WebhookRules.Secret(errors, input.Secret);
        if (errors.HasErrors)
        {
            return FleetResult<WebhookView>.Invalid(errors.Errors);
        }

        var webhook = new Webhook
        {
            Id = "",
            NumericId = 0,
            ProjectId = projectId,
            Name = input.Name ?? "",
            Description = input.Description ?? "",
            Url = input.Url!,
            Events = events ?? [],
            States = states ?? [],
            AdminStateUp = input.AdminStateUp ?? true,
            Secret = input.Secret ?? NewWebhookSecret(),
        };
        var result = await _store.CreateWebhookAsync(webhook, cancellationToken);
        return result.IsOk
            ? FleetResult<WebhookView>.Created(new WebhookView(result.Value!, result.Value!.Secret))
            : Failure<Webhook, WebhookView>(result, WebhookKind, null);
    }

    public async Task<FleetResult<WebhookView>> GetWebhookAsync(string projectId, string id, CancellationToken cancellationToken)
    {
        if (await _store.GetWebhookAsync(projectId, id, cancellationToken) is not { } webhook)
        {
            return Missing<WebhookView>(WebhookKind, id);
        }

        var summaries = await _store.SummarizeDeliveriesAsync([webhook.Id], cancellationToken);
        return FleetResult<WebhookView>.Ok(new WebhookView(webhook, null, summaries.GetValueOrDefault(webhook.Id) ?? DeliverySummary.Empty));
    }

    /// <summary>Changes the fields sent; <c>events</c> and <c>states</c>, when sent, replace the lists. The secret changes only by rotation.</summary>
    public async Task<FleetResult<WebhookView>> UpdateWebhookAsync(string projectId, string id, WebhookInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetWebhookAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<WebhookView>(WebhookKind, id);
        }

        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        DescriptionRule.Check(errors, input.Description);
        WebhookRules.Url(errors, input.Url, required: false);
        TargetUrl(errors, "url", input.Url);
        var events = WebhookRules.Events(errors, input.Events);
        var states = WebhookRules.States(errors, input.States);
        if (input.Has("secret"))
        {
            errors.Add("secret", $"cannot be changed by an update: rotate it (POST /api/v1/webhooks/{id}/rotate-secret)");
        }

        if (errors.HasErrors)
        {
            return FleetResult<WebhookView>.Invalid(errors.Errors);
        }

        var changed = current with
        {
            Name = input.Name ?? current.Name,
            Description = input.Description ?? current.Description,
            Url = input.Url ?? current.Url,
            Events = events ?? current.Events,
            States = states ?? current.States,
            AdminStateUp = input.AdminStateUp ?? current.AdminStateUp,
        };
        var result = await _store.UpdateWebhookAsync(changed, cancellationToken);
        return result.IsOk ? FleetResult<WebhookView>.Ok(new WebhookView(result.Value!, null)) : Failure<Webhook, WebhookView>(result, WebhookKind, id);
    }

    /// <summary>Deletes a webhook and its deliveries.</summary>
    public async Task<FleetResult<Webhook>> DeleteWebhookAsync(string projectId, string id, CancellationToken cancellationToken)
    {
        var current = await _store.GetWebhookAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<Webhook>(WebhookKind, id);
        }

        var deleted = await _store.DeleteWebhookAsync(projectId, id, cancellationToken);
        return deleted.IsOk ? FleetResult<Webhook>.Ok(current) : Failure<Deleted, Webhook>(deleted, WebhookKind, id);
    }

    public async Task<FleetResult<FleetPage<WebhookView>>> ListWebhooksAsync(string projectId, WebhookFilter filter, FleetPaging paging,
        CancellationToken cancellationToken)
    {
        var page = await PageAsync(paging, WebhookKind, marker => _store.GetWebhookAsync(projectId, marker, cancellationToken),
            request => _store.ListWebhooksAsync(projectId, filter, request, cancellationToken));
        if (!page.IsSuccess)
        {
            return page.As<FleetPage<WebhookView>>();
        }

        var items = page.Value!.Items;
        var summaries = await _store.SummarizeDeliveriesAsync([.. items.Select(static w => w.Id)], cancellationToken);
        var views = new WebhookView[items.Count];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = new WebhookView(items[i], null, summaries.GetValueOrDefault(items[i].Id) ?? DeliverySummary.Empty);
        }

        return FleetResult<FleetPage<WebhookView>>.Ok(new FleetPage<WebhookView>(views, page.Value.NextMarker, page.Value.TotalCount));
    }

    /// <summary>
    /// Gives the webhook a new generated secret, shown in the answer; the old one still signs (beside it) for
    /// <see cref="RotateWebhookSecretInput.PreviousSecretExpiresIn"/> seconds (a day by default), so receivers can switch.
    /// </summary>
    public async Task<FleetResult<WebhookView>> RotateWebhookSecretAsync(string projectId, string id, RotateWebhookSecretInput? input,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrorList();
        errors.RequireRange("previous_secret_expires_in", input?.PreviousSecretExpiresIn, 0, RotateWebhookSecretInput.MaxExpiresIn);
        if (errors.HasErrors)
        {
            return FleetResult<WebhookView>.Invalid(errors.Errors);
        }

        var expiresIn = input?.PreviousSecretExpiresIn ?? RotateWebhookSecretInput.DefaultExpiresIn;
        var expiresAt = _time.GetUtcNow().AddSeconds(expiresIn);
        var result = await _store.RotateWebhookSecretAsync(projectId, id, NewWebhookSecret(), expiresAt, cancellationToken);
        return result.IsOk
            ? FleetResult<WebhookView>.Ok(new WebhookView(result.Value!, result.Value!.Secret))
            : Failure<Webhook, WebhookView>(result, WebhookKind, id);
    }

    private static string NewWebhookSecret()
    {
        Span<byte> random = stackalloc byte[WebhookSecrets.ByteLength];
        RandomNumberGenerator.Fill(random);
        var secret = WebhookSecrets.Format(random);
        CryptographicOperations.ZeroMemory(random);
        return secret;
    }
}
