using System.Collections.Concurrent;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// The tasks <c>POST …/refresh</c> answered, so <c>GET …/task/{id}</c> finds them. Vitals applies every change at once, so a
/// refresh task is born <c>done</c>; the book lives in memory (a restart forgets it) and keeps the latest
/// <see cref="Capacity"/> tasks.
/// </summary>
internal sealed class OvhTaskBook(TimeProvider time)
{
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<long, (string Project, string Service, OvhTaskDto Task)> _tasks = new();
    private long _lastId;

    public OvhTaskDto Refresh(string project, string service, string zone)
    {
        var id = Interlocked.Increment(ref _lastId);
        var now = OvhServerMapper.Time(time.GetUtcNow());
        var task = new OvhTaskDto(id, "refreshIplb", now, now, 100, "done", [zone]);
        _tasks[id] = (project, service, task);
        _tasks.TryRemove(id - Capacity, out _);
        return task;
    }

    /// <summary>The task, when it belongs to this project's service.</summary>
    public OvhTaskDto? Find(string project, string service, long id) =>
        _tasks.TryGetValue(id, out var entry) && entry.Project == project && entry.Service == service ? entry.Task : null;

    /// <summary>The ids of a service's tasks, oldest first.</summary>
    public long[] Ids(string project, string service) =>
        [.. _tasks.Where(e => e.Value.Project == project && e.Value.Service == service).Select(static e => e.Key).Order()];
}
