using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

// A project's Alertmanagers: its base URL checked like a webhook's (and without query or fragment), written straight to
// the store; the pusher reads them from there.
public sealed partial class FleetService
{
    private const string AlertmanagerKind = "Alertmanager";

    public async Task<FleetResult<AlertmanagerTarget>> CreateAlertmanagerAsync(string projectId, AlertmanagerInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        DescriptionRule.Check(errors, input.Description);
        WebhookRules.Url(errors, input.Url, required: true, plainBase: true);
        TargetUrl(errors, "url", input.Url);
        if (errors.HasErrors)
        {
            return FleetResult<AlertmanagerTarget>.Invalid(errors.Errors);
        }

        var alertmanager = new AlertmanagerTarget
        {
            Id = "",
            NumericId = 0,
            ProjectId = projectId,
            Name = input.Name ?? "",
            Description = input.Description ?? "",
            Url = input.Url!,
            AdminStateUp = input.AdminStateUp ?? true,
        };
        var result = await _store.CreateAlertmanagerAsync(alertmanager, cancellationToken);
        return result.IsOk ? FleetResult<AlertmanagerTarget>.Created(result.Value!) : Failure<AlertmanagerTarget, AlertmanagerTarget>(result, AlertmanagerKind, null);
    }

    public async Task<FleetResult<AlertmanagerTarget>> GetAlertmanagerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        Found(await _store.GetAlertmanagerAsync(projectId, id, cancellationToken), AlertmanagerKind, id);

    public async Task<FleetResult<AlertmanagerTarget>> UpdateAlertmanagerAsync(string projectId, string id, AlertmanagerInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetAlertmanagerAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<AlertmanagerTarget>(AlertmanagerKind, id);
        }

        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        DescriptionRule.Check(errors, input.Description);
        WebhookRules.Url(errors, input.Url, required: false, plainBase: true);
        TargetUrl(errors, "url", input.Url);
        if (errors.HasErrors)
        {
            return FleetResult<AlertmanagerTarget>.Invalid(errors.Errors);
        }

        var changed = current with
        {
            Name = input.Name ?? current.Name,
            Description = input.Description ?? current.Description,
            Url = input.Url ?? current.Url,
            AdminStateUp = input.AdminStateUp ?? current.AdminStateUp,
        };
        var result = await _store.UpdateAlertmanagerAsync(changed, cancellationToken);
        return result.IsOk ? FleetResult<AlertmanagerTarget>.Ok(result.Value!) : Failure<AlertmanagerTarget, AlertmanagerTarget>(result, AlertmanagerKind, id);
    }

    public async Task<FleetResult<AlertmanagerTarget>> DeleteAlertmanagerAsync(string projectId, string id, CancellationToken cancellationToken)
    {
        var current = await _store.GetAlertmanagerAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<AlertmanagerTarget>(AlertmanagerKind, id);
        }

        var deleted = await _store.DeleteAlertmanagerAsync(projectId, id, cancellationToken);
        return deleted.IsOk ? FleetResult<AlertmanagerTarget>.Ok(current) : Failure<Deleted, AlertmanagerTarget>(deleted, AlertmanagerKind, id);
    }

    public Task<FleetResult<FleetPage<AlertmanagerTarget>>> ListAlertmanagersAsync(string projectId, AlertmanagerFilter filter, FleetPaging paging,
        CancellationToken cancellationToken) =>
        PageAsync(paging, AlertmanagerKind, marker => _store.GetAlertmanagerAsync(projectId, marker, cancellationToken),
            request => _store.ListAlertmanagersAsync(projectId, filter, request, cancellationToken));
}
