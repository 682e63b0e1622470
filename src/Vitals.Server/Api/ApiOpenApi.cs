using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>
/// What the endpoint metadata alone does not say in <c>/openapi/v1.json</c>: how to authenticate (bearer token or
/// <c>X-Auth-Token</c>) and the 401 and 429 every authenticated call may answer, 403 on the admin's endpoints, the
/// list endpoints' <c>limit</c>, <c>marker</c> and filters with their types and ranges, the live event stream
/// (<c>text/event-stream</c>), and numbers typed as numbers (the JSON reader's leniency for numbers in strings is not
/// part of the contract).
/// </summary>
internal static class ApiOpenApi
{
    public const string BearerScheme = "bearer";
    public const string AuthTokenScheme = "X-Auth-Token";
    private const string Problem = "ProblemDetails";

    // Each list endpoint's filters, as ResourceEndpoints reads them (ApiQuery): name → schema.
    private static readonly Dictionary<string, (string Name, Func<OpenApiSchema> Schema, string Description)[]> s_filters = new(StringComparer.Ordinal)
    {
        ["ListLoadBalancer"] = [Ids, Text("name"), Text("region")],
        ["ListListener"] = [Ids, Text("name"), Text("loadbalancer_id"), Protocol("protocol", ProtocolNames.ListenerAllowedList), Port, Text("default_pool_id")],
        ["ListPool"] = [Ids, Text("name"), Text("loadbalancer_id"), Protocol("protocol", ProtocolNames.PoolAllowedList), Text("listener_id")],
        ["ListMember"] = [Ids, Text("name"), Text("address"), Port, Text("instance_id"), AdminStateUp, Text("pool_id")],
        ["ListHealthMonitor"] = [Ids, Text("name"), Text("pool_id"), Protocol("type", HealthMonitorTypes.AllowedList)],
        ["ListInstance"] = [Ids, Text("name"), Text("region"), Text("address")],
        ["ListHaproxyBinding"] = [Ids, Text("name"), Text("loadbalancer_id")],
        ["ListWebhook"] = [Ids, Text("name"), AdminStateUp],
        ["ListAlertmanager"] = [Ids, Text("name"), AdminStateUp],
    };

    private static (string, Func<OpenApiSchema>, string) Ids =>
        ("id", static () => new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            "Only these ids (repeat the parameter: id=a&id=b).");

    private static (string, Func<OpenApiSchema>, string) Port =>
        ("protocol_port", static () => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "65535" }, "Only this port.");

    private static (string, Func<OpenApiSchema>, string) AdminStateUp =>
        ("admin_state_up", static () => new OpenApiSchema { Type = JsonSchemaType.Boolean }, "Only those switched on (true) or off (false).");

    public static void Apply(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A project token (its project's resources) or the admin token (projects and tokens). See docs/security.md.",
        };
        document.Components.SecuritySchemes[AuthTokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Auth-Token",
            Description = "The same token in the header OpenStack clients send.",
        };
        AddEventStream(document);
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/api/v1/", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }

            foreach (var (method, operation) in item.Operations)
            {
                Secure(document, path, method, operation);
                Page(operation, path, method);
            }
        }

        foreach (var schema in document.Components.Schemas?.Values ?? [])
        {
            StrictNumbers(schema);
        }
    }

    private static void Secure(OpenApiDocument document, string path, HttpMethod method, OpenApiOperation operation)
    {
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthTokenScheme, document)] = [] },
        ];
        operation.Responses ??= new OpenApiResponses();
        ProblemResponse(document, operation, "401", "No token, or one that is not valid.");
        ProblemResponse(document, operation, "429", "Too many failed authentications from this address: wait (Retry-After).");
        if (path.StartsWith("/api/v1/projects", StringComparison.Ordinal))
        {
            ProblemResponse(document, operation, "403", "A project token: only the admin token manages projects and their tokens.");
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            ProblemResponse(document, operation, "404", "No such resource in the caller's project.");
        }

        if (operation.RequestBody is not null || method == HttpMethod.Post || method == HttpMethod.Put)
        {
            ProblemResponse(document, operation, "413", "The body is larger than the server accepts.");
        }
    }

    /// <summary><c>limit</c> and <c>marker</c> on every paged list, and the filters of the resource lists.</summary>
    private static void Page(OpenApiOperation operation, string path, HttpMethod method)
    {
        if (method != HttpMethod.Get || operation.Responses?.TryGetValue("200", out var ok) != true
            || ok!.Content?.TryGetValue("application/json", out var json) != true
            || json!.Schema is not OpenApiSchemaReference { Reference.Id: { } schemaId }
            || !(schemaId.EndsWith("ListDto", StringComparison.Ordinal) || schemaId.EndsWith("PageDto", StringComparison.Ordinal)
                || schemaId == "PoolMembersHealthDto" || path.EndsWith("/deliveries", StringComparison.Ordinal)))
        {
            return;
        }

        operation.Parameters ??= [];
        AddQuery(operation, "limit", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = ApiQuery.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = JsonValue.Create(ApiQuery.DefaultLimit),
        }, "Items per page.");
        AddQuery(operation, "marker", new OpenApiSchema { Type = JsonSchemaType.String }, "The next_marker of the previous page: the page after it.");
        if (operation.OperationId is { } id && s_filters.TryGetValue(id, out var filters))
        {
            foreach (var (name, schema, description) in filters)
            {
                AddQuery(operation, name, schema(), description);
            }
        }
    }

    private static void AddQuery(OpenApiOperation operation, string name, OpenApiSchema schema, string description)
    {
        if (operation.Parameters!.Any(p => p.Name == name && p.In == ParameterLocation.Query))
        {
            return;
        }

        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Description = description,
            Schema = schema,
            Explode = schema.Type == JsonSchemaType.Array,
        });
    }

    private static void ProblemResponse(OpenApiDocument document, OpenApiOperation operation, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(Problem, document) },
            },
        };
    }

    /// <summary><c>GET /api/v1/events</c>: server-sent events, one per member change (docs/live-status.md).</summary>
    private static void AddEventStream(OpenApiDocument document)
    {
        document.Paths ??= [];
        document.Paths["/api/v1/events"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "StreamEvents",
                    Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    Summary = "The project's member changes as they happen (server-sent events)",
                    Description = "text/event-stream: each event has an id (resume with Last-Event-ID), an event type and a JSON data "
                        + "line; comments keep the connection alive. See docs/live-status.md.",
                    Parameters =
                    [
                        new OpenApiParameter
                        {
                            Name = "Last-Event-ID",
                            In = ParameterLocation.Header,
                            Description = "Resume after this event.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        },
                    ],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "The stream, open until the client leaves or the server stops.",
                            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                            {
                                ["text/event-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                            },
                        },
                    },
                },
            },
        };
    }

    /// <summary>Integers and numbers as such: <c>["integer","string"]</c> with a digits pattern becomes <c>integer</c>.</summary>
    private static void StrictNumbers(IOpenApiSchema candidate)
    {
        if (candidate is not OpenApiSchema schema)
        {
            return;
        }

        if (schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        foreach (var property in schema.Properties?.Values ?? [])
        {
            StrictNumbers(property);
        }

        if (schema.Items is { } items)
        {
            StrictNumbers(items);
        }

        foreach (var part in (schema.AnyOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AllOf ?? []))
        {
            StrictNumbers(part);
        }

        if (schema.AdditionalProperties is { } additional)
        {
            StrictNumbers(additional);
        }
    }

    private static (string, Func<OpenApiSchema>, string) Text(string name) =>
        (name, static () => new OpenApiSchema { Type = JsonSchemaType.String }, $"Only those whose {name} is this.");

    /// <summary>An enum from the allowed list the query reader names in its errors (<c>"TCP, UDP, ..."</c>).</summary>
    private static (string, Func<OpenApiSchema>, string) Protocol(string name, string allowed) =>
        (name, () => new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. allowed.Split(", ").Select(static v => (JsonNode)JsonValue.Create(v)!)],
        }, $"Only this {name}.");
}
