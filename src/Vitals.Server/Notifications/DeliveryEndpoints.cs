using System.Globalization;
using Vitals.Control.Notifications;
using Vitals.Server.Api;
using Vitals.Storage;

namespace Vitals.Server.Notifications;

/// <summary>
/// A webhook's outbox (docs/notifications.md, "Delivery"): <c>GET /api/v1/webhooks/{id}/deliveries</c> (newest first;
/// <c>status</c>, <c>limit</c>, <c>marker</c>), one delivery with its payload, <c>POST …/deliveries/{delivery_id}/redeliver</c>
/// (a new delivery of the same event, after the webhook's others) and <c>POST /api/v1/webhooks/{id}/test</c> (a
/// <c>test</c> event, whatever the webhook's filters). Project tokens only, like the webhooks themselves.
/// </summary>
public static class DeliveryEndpoints
{
    public static RouteGroupBuilder MapDeliveryEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var group = api.MapGroup("/webhooks/{id}").RequireCaller().WithTags("Webhooks");
        group.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.GetCaller().ProjectId is null
                ? ApiProblems.Forbidden("webhooks belong to a project: use a project token")
                : await next(context));
        group.MapGet("/deliveries", ListAsync).WithName("ListWebhookDeliveries")
            .WithSummary("A webhook's deliveries, newest first: attempts, status, last error, latency (status, limit, marker)")
            .Produces<DeliveryListDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/deliveries/{deliveryId}", GetAsync).WithName("GetWebhookDelivery")
            .WithSummary("One delivery, with the payload it sends")
            .Produces<DeliveryDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/deliveries/{deliveryId}/redeliver", RedeliverAsync).WithName("RedeliverWebhookDelivery")
            .WithSummary("Send a delivery's event again, as a new delivery after the webhook's others")
            .Produces<DeliveryDto>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/test", TestAsync).WithName("TestWebhook")
            .WithSummary("Queue a test event for the webhook, whatever its filters")
            .Produces<DeliveryDto>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(string id, HttpContext http, IStore store, CancellationToken cancellationToken)
    {
        var query = new ApiQuery(http.Request);
        var paging = query.Paging();
        DeliveryStatus? status = null;
        if (query.String("status") is { } text)
        {
            if (DeliveryStatuses.TryParse(text, out var parsed))
            {
                status = parsed;
            }
            else
            {
                query.Errors.Add("status", $"must be pending, delivered or dead (got '{text}')");
            }
        }

        long after = 0;
        if (paging.Marker is { } marker && (!long.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after <= 0))
        {
            query.Errors.Add("marker", $"must be the next_marker of a previous page (got '{marker}')");
        }

        if (query.Errors.HasErrors)
        {
            return ApiProblems.Validation(query.Errors.Errors);
        }

        var result = await store.ListDeliveriesAsync(http.ProjectId(), id, status, new PageRequest(after, paging.Limit, CountTotal: true),
            cancellationToken);
        if (!result.IsOk)
        {
            return ApiProblems.NotFound("webhook", id);
        }

        var page = result.Value!;
        var items = page.Items.Select(static d => DeliveryDto.Of(d, withPayload: false)).ToList();
        return TypedResults.Ok(new DeliveryListDto(items, page.NextAfter?.ToString(CultureInfo.InvariantCulture), page.TotalCount ?? items.Count));
    }

    private static async Task<IResult> GetAsync(string id, string deliveryId, HttpContext http, IStore store, CancellationToken cancellationToken)
    {
        if (!TryParseId(deliveryId, out var number))
        {
            return ApiProblems.NotFound("delivery", deliveryId);
        }

        var result = await store.GetDeliveryAsync(http.ProjectId(), id, number, cancellationToken);
        return result.IsOk ? TypedResults.Ok(DeliveryDto.Of(result.Value!, withPayload: true)) : ApiProblems.NotFound("delivery", deliveryId);
    }

    private static async Task<IResult> RedeliverAsync(string id, string deliveryId, HttpContext http, IStore store, WebhookDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        if (!TryParseId(deliveryId, out var number))
        {
            return ApiProblems.NotFound("delivery", deliveryId);
        }

        var result = await store.RedeliverAsync(http.ProjectId(), id, number, cancellationToken);
        if (!result.IsOk)
        {
            return ApiProblems.NotFound("delivery", deliveryId);
        }

        dispatcher.Wake();
        return Accepted(id, result.Value!);
    }

    private static async Task<IResult> TestAsync(string id, HttpContext http, NotificationDesk desk, WebhookDispatcher dispatcher,
        CancellationToken cancellationToken)
    {
        var result = await desk.SendTestAsync(http.ProjectId(), id, cancellationToken);
        if (!result.IsOk)
        {
            return ApiProblems.NotFound("webhook", id);
        }

        dispatcher.Wake();
        return Accepted(id, result.Value!);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Accepted<DeliveryDto> Accepted(string webhookId, WebhookDelivery delivery) => TypedResults.Accepted(
        $"/api/v1/webhooks/{Uri.EscapeDataString(webhookId)}/deliveries/{delivery.Id.ToString(CultureInfo.InvariantCulture)}",
        DeliveryDto.Of(delivery, withPayload: false));

    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
