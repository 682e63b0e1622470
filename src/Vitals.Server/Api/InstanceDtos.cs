using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>An instance (machine) as the API shows it.</summary>
public sealed record InstanceDto(string Id, long NumericId, string ProjectId, string Name, string Region, string Address,
    string? NodeExporterUrl, IReadOnlyList<MaintenanceWindowDto> MaintenanceWindows, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IResourceDto
{
    public static InstanceDto From(Instance i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var windows = new MaintenanceWindowDto[i.MaintenanceWindows.Count];
        for (var k = 0; k < windows.Length; k++)
        {
            var w = i.MaintenanceWindows[k];
            windows[k] = new MaintenanceWindowDto(w.Start, w.End, w.Description);
        }

        return new(i.Id, i.NumericId, i.ProjectId, i.Name, i.Region, i.Address, i.NodeExporterUrl, windows, i.CreatedAt, i.UpdatedAt);
    }
}

/// <summary>One maintenance window of an instance.</summary>
public sealed record MaintenanceWindowDto(DateTimeOffset Start, DateTimeOffset End, string Description);

/// <summary>A page of instances.</summary>
public sealed record InstanceListDto(IReadOnlyList<InstanceDto> Instances, string? NextMarker, int TotalCount);
