using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Vitals.Core.Health;
using Vitals.Core.Notifications;

namespace Vitals.Server.Notifications;

/// <summary>
/// The webhook payload in the OpenAPI document: the schema <c>WebhookEvent</c> (docs/notifications.md, "Fields") and
/// the document's <c>webhooks</c> entry (OpenAPI 3.1) for the POST Vitals sends, with its headers.
/// </summary>
internal static class NotificationOpenApi
{
    public const string EventSchema = "WebhookEvent";

    public static void Apply(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[EventSchema] = Event();
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>(StringComparer.Ordinal);
        document.Webhooks["notification"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Post] = new()
                {
                    OperationId = "WebhookNotification",
                    Summary = "One notification, POSTed to each webhook that wants it, at least once, in order per webhook",
                    Description = "Verify Vitals-Signature (t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" with the webhook's secret>; "
                        + "one v1 per live secret during a rotation) and de-duplicate on Vitals-Event-Id. Any 2xx is success. "
                        + "See docs/notifications.md.",
                    Parameters =
                    [
                        Header(WebhookSignature.HeaderName, "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\">[,v1=…]"),
                        Header("Vitals-Event-Id", "The event's id (the body's id): the de-duplication key."),
                        Header("Vitals-Event-Type", "The event's type."),
                        Header("Vitals-Delivery", "The delivery's id, as GET /api/v1/webhooks/{id}/deliveries lists it."),
                    ],
                    RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                        {
                            ["application/json"] = new() { Schema = new OpenApiSchemaReference(EventSchema, document) },
                        },
                    },
                    Responses = new OpenApiResponses
                    {
                        ["2XX"] = new OpenApiResponse { Description = "Accepted; anything else is retried with backoff for up to 24 h." },
                    },
                },
            },
        };
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiSchema Event()
    {
        var kinds = new List<JsonNode>();
        foreach (var kind in NotificationKinds.All)
        {
            kinds.Add(JsonValue.Create(kind.ToWire())!);
        }

        var required = new HashSet<string>(StringComparer.Ordinal)
        {
            "id", "type", "schema_version", "time", "project", "load_balancer", "listener", "pool", "member", "old_state", "new_state",
            "reason_code", "check_code", "detail", "deciding_checks", "flapping", "group", "panic", "console_url",
        };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One notification (docs/notifications.md). Every key is present; a key that does not apply to the type is null "
                + "(deciding_checks is then []). Keys may be added without a schema_version change: ignore unknown keys.",
            Required = required,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["id"] = Text("Stable event id (evt-…): the same fact always has the same id."),
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = kinds, Description = "What happened." },
                ["schema_version"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "1; bumped when a field changes or goes." },
                ["time"] = Instant("When it happened (a transition's instant, a window's end, a flap's start or stop)."),
                ["project"] = Ref("The project.", nullable: false),
                ["load_balancer"] = Ref("The pool's load balancer; null for a test event.", nullable: true),
                ["listener"] = Ref("The listener whose default pool it is; null when none.", nullable: true),
                ["pool"] = Ref("The pool; null for a test event.", nullable: true),
                ["member"] = Nullable(new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "The member; null for pool and test events.",
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                    {
                        ["id"] = Text("Member id."),
                        ["name"] = Text("Member name."),
                        ["address"] = Text("IP address."),
                        ["port"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    },
                }),
                ["old_state"] = State("member.transition: the state before."),
                ["new_state"] = State("member.transition: the state now."),
                ["reason_code"] = NullableText("Why (NLB reason codes: CONNECT_FAILED, HTTP_CODE_NOT_MATCH, …)."),
                ["check_code"] = NullableText("HAProxy-style check code of the deciding check (L4CON, L7STS, …)."),
                ["detail"] = NullableText("Words for people."),
                ["deciding_checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "The checks that decided a transition, oldest first.",
                    Items = new OpenApiSchema { Type = JsonSchemaType.Object },
                },
                ["flapping"] = Nullable(new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The flapping kinds: between, flips, first_at, last_at, final_state." }),
                ["group"] = Nullable(new OpenApiSchema { Type = JsonSchemaType.Object, Description = "pool.grouped: window_start, window_end, members_total, changes_total, truncated, members." }),
                ["panic"] = Nullable(new OpenApiSchema { Type = JsonSchemaType.Object, Description = "pool.panic_started: the panic." }),
                ["console_url"] = NullableText("A link to the console (with --public-url)."),
            },
        };
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema NullableText(string description) => new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = description };

    private static OpenApiSchema Instant(string description) => new() { Type = JsonSchemaType.String, Format = "date-time", Description = description };

    private static OpenApiSchema State(string description)
    {
        var states = new List<JsonNode>();
        foreach (var state in Enum.GetValues<HealthState>())
        {
            states.Add(JsonValue.Create(state.ToString())!);
        }

        states.Add(JsonValue.Create((string?)null)!);
        return new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Enum = states, Description = description };
    }

    private static OpenApiSchema Ref(string description, bool nullable) => new()
    {
        Type = nullable ? JsonSchemaType.Object | JsonSchemaType.Null : JsonSchemaType.Object,
        Description = description,
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["id"] = Text("Id."),
            ["name"] = Text("Name (\"\" when none)."),
        },
    };

    private static OpenApiSchema Nullable(OpenApiSchema schema)
    {
        schema.Type = (schema.Type ?? JsonSchemaType.Object) | JsonSchemaType.Null;
        return schema;
    }
}
