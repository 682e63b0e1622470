using Vitals.Core.Notifications;

namespace Vitals.Storage;

/// <summary>
/// A notification on its way to the outbox: queued, in the transaction that writes it, for every webhook of its project
/// that wants it (<see cref="Core.Resources.Webhook.Wants"/>), as <see cref="Payload"/>: the body every attempt sends.
/// </summary>
/// <param name="Event">What happened.</param>
/// <param name="Payload">Its JSON (<see cref="NotificationJsonWriter"/>), written once.</param>
public sealed record OutboxEvent(NotificationEvent Event, string Payload);
