using System.Globalization;
using System.Text.Json;
using Vitals.Core.Instances;
using Vitals.Core.Resources;
using Vitals.Server.Dialects.Alibaba.Rpc;
using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Dialects.Alibaba.Ecs;

/// <summary>
/// ECS <c>DescribeInstancesFullStatus</c> (2014-05-26, alibaba-ecs.md §2): each instance's lifecycle status, its health
/// evaluated now by the instance health rule, and its scheduled events (maintenance windows still to come).
/// </summary>
internal sealed class DescribeInstancesFullStatusOperation(EcsInstanceSource source) : IAlibabaOperation
{
    public const string ApiVersion = "2014-05-26";
    public const int MaxIds = 100;
    public const int MaxEventTypes = 30;

    // Vitals does not power machines on or off: every registered instance is Running (code 1, alibaba-ecs.md §1.2).
    private static readonly EcsCodeName Running = new(1, "Running");
    private static readonly EcsCodeName MaintenanceEvent = new(1, "SystemMaintenance.Reboot");
    private static readonly EcsCodeName Scheduled = new(24, "Scheduled");
    private static readonly string[] LifecycleFilters = ["Starting", "Running", "Stopped"];

    public string Version => ApiVersion;

    public string Action => "DescribeInstancesFullStatus";

    public async ValueTask<AlibabaOutcome> RunAsync(AlibabaCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (Parse(call, out var parsed) is { } error)
        {
            return error;
        }

        var query = parsed!;
        var instances = await source.ListAsync(call.ProjectId, query.Region, query.Ids, cancellationToken);
        var reports = source.Health.EvaluateAll(instances);
        var matching = new List<EcsInstanceFullStatus>();
        foreach (var report in reports)
        {
            if (query.Lifecycle is { } lifecycle && !string.Equals(lifecycle, Running.Name, StringComparison.Ordinal))
            {
                continue;
            }

            if (query.Health is { } wanted && report.Verdict.Status != wanted)
            {
                continue;
            }

            var events = Events(report.Instance, call.Now, query);
            if (query.FiltersEvents && events.Count == 0)
            {
                continue;
            }

            var status = report.Verdict.Status;
            matching.Add(new EcsInstanceFullStatus(report.Instance.Id, Running,
                new EcsCodeName(InstanceHealthStatuses.Code(status), InstanceHealthStatuses.WireName(status)),
                new EcsScheduledSystemEventSet(events)));
        }

        var skip = (long)(query.PageNumber - 1) * query.PageSize;
        var page = new List<EcsInstanceFullStatus>(query.PageSize);
        for (var i = skip; i < matching.Count && page.Count < query.PageSize; i++)
        {
            page.Add(matching[(int)i]);
        }

        var response = new DescribeInstancesFullStatusResponse(call.RequestId, matching.Count, query.PageNumber, query.PageSize,
            new EcsInstanceFullStatusSet(page));
        return AlibabaOutcome.Ok(JsonSerializer.SerializeToUtf8Bytes(response, AlibabaJsonContext.Default.DescribeInstancesFullStatusResponse));
    }

    /// <summary>Maintenance windows that have not started yet, as ECS scheduled system events, narrowed by the event filters.</summary>
    private static List<EcsScheduledSystemEvent> Events(Instance instance, DateTimeOffset now, FullStatusQuery query)
    {
        var events = new List<EcsScheduledSystemEvent>();
        for (var i = 0; i < instance.MaintenanceWindows.Count; i++)
        {
            var window = instance.MaintenanceWindows[i];
            if (window.Start <= now)
            {
                continue;
            }

            var eventId = string.Create(CultureInfo.InvariantCulture, $"e-{instance.Id[(ResourceIds.Instance.Length + 1)..]}-{i + 1}");
            if ((query.EventIds.Count > 0 && !query.EventIds.Contains(eventId, StringComparer.Ordinal))
                || (query.EventTypes.Count > 0 && !query.EventTypes.Contains(MaintenanceEvent.Name, StringComparer.Ordinal))
                || !Within(window.Start, query.NotBeforeStart, query.NotBeforeEnd)
                || !Within(instance.UpdatedAt, query.PublishedStart, query.PublishedEnd))
            {
                continue;
            }

            events.Add(new EcsScheduledSystemEvent(eventId, MaintenanceEvent, Scheduled, EcsInstanceSource.Time(instance.UpdatedAt),
                EcsInstanceSource.Time(window.Start), window.Description, ""));
        }

        return events;
    }

    private static bool Within(DateTimeOffset instant, DateTimeOffset? start, DateTimeOffset? end) =>
        (start is null || instant >= start) && (end is null || instant <= end);

    /// <summary>Every parameter checked before anything is read: the first error found, or null with the query.</summary>
    private static AlibabaError? Parse(AlibabaCall call, out FullStatusQuery? query)
    {
        query = null;
        if (AlibabaParameters.RequiredId(call, "RegionId", out var region) is { } badRegion)
        {
            return badRegion;
        }

        if (AlibabaParameters.RepeatList(call, "InstanceId", MaxIds, AlibabaErrorCodes.InstanceIdLimitExceeded, out var ids) is { } badIds)
        {
            return badIds;
        }

        if (AlibabaParameters.RepeatList(call, "EventId", MaxIds, AlibabaErrorCodes.EventIdLimitExceeded, out var eventIds) is { } badEvents)
        {
            return badEvents;
        }

        if (AlibabaParameters.RepeatList(call, "InstanceEventType", MaxEventTypes, AlibabaErrorCodes.InvalidParameter, out var eventTypes) is { } badTypes)
        {
            return badTypes;
        }

        foreach (var id in ids)
        {
            if (!AlibabaParameters.IsId(id))
            {
                return AlibabaError.Invalid("InstanceId.N", $"\"{AlibabaParameters.Shorten(id)}\" is not a valid instance id.");
            }
        }

        if (eventTypes.Count == 0 && call.Parameter("EventType") is { Length: > 0 } single)
        {
            eventTypes.Add(single);
        }

        var lifecycle = call.Parameter("Status");
        if (!string.IsNullOrEmpty(lifecycle) && Array.IndexOf(LifecycleFilters, lifecycle) < 0)
        {
            return AlibabaError.Invalid("Status", "must be one of Starting, Running, Stopped.");
        }

        InstanceHealthStatus? health = null;
        if (call.Parameter("HealthStatus") is { Length: > 0 } healthText)
        {
            if (!InstanceHealthStatuses.TryParse(healthText, out var parsed))
            {
                return AlibabaError.Invalid("HealthStatus",
                    "must be one of Ok, Impaired, Warning, Maintaining, Initializing, InsufficientData, NotApplicable.");
            }

            health = parsed;
        }

        if (Range(call, "NotBefore", out var notBeforeStart, out var notBeforeEnd) is { } badNotBefore)
        {
            return badNotBefore;
        }

        if (Range(call, "EventPublishTime", out var publishedStart, out var publishedEnd) is { } badPublished)
        {
            return badPublished;
        }

        if (AlibabaParameters.Int(call, "PageNumber", 1, int.MaxValue, 1, out var pageNumber) is { } badNumber)
        {
            return badNumber;
        }

        if (AlibabaParameters.Int(call, "PageSize", 1, 100, 10, out var pageSize) is { } badSize)
        {
            return badSize;
        }

        query = new FullStatusQuery(region, ids, eventIds, eventTypes, string.IsNullOrEmpty(lifecycle) ? null : lifecycle, health,
            notBeforeStart, notBeforeEnd, publishedStart, publishedEnd, pageNumber, pageSize);
        return null;
    }

    private static AlibabaError? Range(AlibabaCall call, string name, out DateTimeOffset? start, out DateTimeOffset? end)
    {
        end = null;
        if (AlibabaParameters.OptionalInstant(call, name + ".Start", out start) is { } badStart)
        {
            return badStart;
        }

        if (AlibabaParameters.OptionalInstant(call, name + ".End", out end) is { } badEnd)
        {
            return badEnd;
        }

        return start is { } s && end is { } e && e < s
            ? new AlibabaError(AlibabaErrorCodes.TimeEndBeforeStart, $"The specified {name}.End is earlier than {name}.Start.")
            : null;
    }

    private sealed record FullStatusQuery(string Region, List<string> Ids, List<string> EventIds, List<string> EventTypes, string? Lifecycle,
        InstanceHealthStatus? Health, DateTimeOffset? NotBeforeStart, DateTimeOffset? NotBeforeEnd, DateTimeOffset? PublishedStart,
        DateTimeOffset? PublishedEnd, int PageNumber, int PageSize)
    {
        /// <summary>With any event filter, only instances that have a matching event are listed.</summary>
        public bool FiltersEvents => EventIds.Count > 0 || EventTypes.Count > 0 || NotBeforeStart is not null || NotBeforeEnd is not null
            || PublishedStart is not null || PublishedEnd is not null;
    }
}
