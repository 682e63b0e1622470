namespace Vitals.Storage;

/// <summary>A webhook with deliveries pending: its project, and when the first of them (which the others wait for) is due.</summary>
public readonly record struct PendingQueue(string WebhookId, string ProjectId, long HeadId, int HeadAttempts, DateTimeOffset HeadDueAt);
