using Vitals.Control.Fleet;
using Vitals.Core.Resources;

namespace Vitals.Server.Tests.Api;

/// <summary>Records every change the fleet service reports, in order.</summary>
public sealed class RecordingFleetObserver : IFleetObserver
{
    private readonly Lock _lock = new();
    private readonly List<(string Change, Resource Resource)> _changes = [];

    public IReadOnlyList<(string Change, Resource Resource)> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _changes];
            }
        }
    }

    public void OnUpserted(Resource resource)
    {
        lock (_lock)
        {
            _changes.Add(("upserted", resource));
        }
    }

    public void OnDeleted(Resource resource)
    {
        lock (_lock)
        {
            _changes.Add(("deleted", resource));
        }
    }
}
