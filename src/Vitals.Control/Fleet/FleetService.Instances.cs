using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    private const string InstanceKind = "instance";

    public Task<FleetResult<Instance>> CreateInstanceAsync(string projectId, InstanceInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        ResourceRules.Region(errors, input.Region);
        var address = ResourceRules.Address(errors, "address", input.Address, required: true);
        InstanceRules.NodeExporterUrl(errors, input.NodeExporterUrl);
        TargetUrl(errors, "node_exporter_url", input.NodeExporterUrl);
        var windows = Windows(errors, input.MaintenanceWindows);
        if (errors.HasErrors)
        {
            return Task.FromResult(FleetResult<Instance>.Invalid(errors.Errors));
        }

        var instance = new Instance
        {
            Id = "",
            NumericId = 0,
            ProjectId = projectId,
            Name = input.Name ?? "",
            Region = input.Region ?? ResourceRules.DefaultRegion,
            Address = address!.ToString(),
            NodeExporterUrl = input.NodeExporterUrl,
            MaintenanceWindows = windows ?? [],
        };
        return CommitAsync(() => _store.CreateInstanceAsync(instance, cancellationToken), created: true, InstanceKind, null, cancellationToken);
    }

    public async Task<FleetResult<Instance>> GetInstanceAsync(string projectId, string id, CancellationToken cancellationToken) =>
        Found(await _store.GetInstanceAsync(projectId, id, cancellationToken), InstanceKind, id);

    public async Task<FleetResult<Instance>> UpdateInstanceAsync(string projectId, string id, InstanceInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetInstanceAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<Instance>(InstanceKind, id);
        }

        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        ResourceRules.Region(errors, input.Region);
        var address = ResourceRules.Address(errors, "address", input.Address, required: false);
        InstanceRules.NodeExporterUrl(errors, input.NodeExporterUrl);
        TargetUrl(errors, "node_exporter_url", input.NodeExporterUrl);
        var windows = Windows(errors, input.MaintenanceWindows);
        if (errors.HasErrors)
        {
            return FleetResult<Instance>.Invalid(errors.Errors);
        }

        var changed = current with
        {
            Name = input.Name ?? current.Name,
            Region = input.Region ?? current.Region,
            Address = address?.ToString() ?? current.Address,
            NodeExporterUrl = input.Has("node_exporter_url") ? input.NodeExporterUrl : current.NodeExporterUrl,
            MaintenanceWindows = windows ?? current.MaintenanceWindows,
        };
        return await CommitAsync(() => _store.UpdateInstanceAsync(changed, cancellationToken), created: false, InstanceKind, id,
            cancellationToken);
    }

    public Task<FleetResult<Instance>> DeleteInstanceAsync(string projectId, string id, CancellationToken cancellationToken) =>
        DeleteAsync(() => _store.GetInstanceAsync(projectId, id, cancellationToken),
            () => _store.DeleteInstanceAsync(projectId, id, cancellationToken), InstanceKind, id, cancellationToken);

    public Task<FleetResult<FleetPage<Instance>>> ListInstancesAsync(string projectId, InstanceFilter filter, FleetPaging paging,
        CancellationToken cancellationToken) =>
        PageAsync(paging, InstanceKind, marker => _store.GetInstanceAsync(projectId, marker, cancellationToken),
            page => _store.ListInstancesAsync(projectId, filter, page, cancellationToken));

    /// <summary>The windows as Core values (instants to the millisecond, as stored), or null when none were sent.</summary>
    private static MaintenanceWindow[]? Windows(FieldErrorList errors, IReadOnlyList<MaintenanceWindowInput>? inputs)
    {
        if (inputs is null)
        {
            return null;
        }

        var windows = new List<MaintenanceWindow>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input.Start is null)
            {
                errors.Add($"maintenance_windows[{i}].start", "is required: an ISO 8601 instant");
            }

            if (input.End is null)
            {
                errors.Add($"maintenance_windows[{i}].end", "is required: an ISO 8601 instant");
            }

            if (input.Start is { } start && input.End is { } end)
            {
                windows.Add(new MaintenanceWindow(ToMillisecond(start), ToMillisecond(end), input.Description ?? ""));
            }
        }

        // Rules name windows by position: run them only when every window was read, so positions match the input.
        if (windows.Count == inputs.Count)
        {
            InstanceRules.MaintenanceWindows(errors, windows);
        }

        return [.. windows];
    }

    private static DateTimeOffset ToMillisecond(DateTimeOffset instant) =>
        DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());
}
