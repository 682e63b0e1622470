using Vitals.Control.Fleet;

namespace Vitals.Server.Api;

/// <summary>
/// <c>POST /api/v1/webhooks/{id}/rotate-secret</c>: a new signing secret, answered once; the previous one keeps signing
/// beside it for <c>previous_secret_expires_in</c> seconds (a day by default) so receivers can switch without a gap.
/// </summary>
internal static class WebhookSecretEndpoints
{
    public static RouteGroupBuilder MapWebhookSecretEndpoints(this RouteGroupBuilder resources, string collectionPath)
    {
        ArgumentNullException.ThrowIfNull(resources);
        resources.MapPost("/webhooks/{id}/rotate-secret",
                (string id, HttpContext http, FleetService fleet, CancellationToken ct) => RotateAsync(id, http, fleet, collectionPath, ct))
            .WithTags("Webhooks").WithName("RotateWebhookSecret")
            .WithSummary("Give a webhook a new signing secret (shown once); the previous one still signs until previous_secret_expires_at")
            .Accepts<RotateWebhookSecretInput>(isOptional: true, "application/json").Produces<WebhookDto>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return resources;
    }

    private static async Task<IResult> RotateAsync(string id, HttpContext http, FleetService fleet, string collectionPath, CancellationToken ct)
    {
        RotateWebhookSecretInput? input = null;
        var request = http.Request;
        // The body is optional: an empty one (whatever its declared type) rotates with the defaults.
        if (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0))
        {
            var body = await ApiJson.ReadAsync<RotateWebhookSecretInput>(http, ct);
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            input = body.Value;
        }

        return FleetHttp.Result(await fleet.RotateWebhookSecretAsync(http.ProjectId(), id, input, ct), WebhookDto.From, collectionPath);
    }
}
