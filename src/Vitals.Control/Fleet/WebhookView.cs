using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>
/// A webhook as the surfaces show it. <see cref="RevealedSecret"/> is set only by the calls that make a secret (create,
/// rotate): the one time it is shown; every other answer shows <see cref="Webhook.Secret"/> only as a hint.
/// <see cref="Delivery"/> is where its outbox stands, read with it by get and list (null for the writes).
/// </summary>
public sealed record WebhookView(Webhook Webhook, string? RevealedSecret, Storage.DeliverySummary? Delivery = null);
