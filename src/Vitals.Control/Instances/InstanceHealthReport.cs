using Vitals.Core.Instances;
using Vitals.Core.Resources;

namespace Vitals.Control.Instances;

/// <summary>One instance's health as evaluated now, with the inputs worth showing.</summary>
internal sealed record InstanceHealthReport(Instance Instance, InstanceHealthVerdict Verdict, DateTimeOffset EvaluatedAt,
    ScrapeState? Scrape, int Members, int MembersHealthy, int MembersUnhealthy);
