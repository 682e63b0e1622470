using System.Text.Json;
using Vitals.Control.Access;
using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Server.Api;
using Vitals.Server.Input;
using Vitals.Storage;

namespace Vitals.Server.Dialects.Alibaba.AccessKeys;

/// <summary>
/// <c>/api/v1/access-keys</c>: a project issues, lists and revokes the Alibaba AccessKey pairs its SDK clients sign
/// with. The secret is shown once, in the answer of the create call. A key of another project answers 404.
/// </summary>
internal static class AccessKeyEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapAccessKeyEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/v1/access-keys").RequireCaller().WithTags("Access keys");
        group.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.GetCaller().ProjectId is null
                ? ApiProblems.Forbidden("AccessKeys belong to a project: use a project token")
                : await next(context));
        group.MapPost("/", CreateAsync).WithName("CreateAccessKey").WithSummary("Issue an Alibaba AccessKey pair for the project")
            .Produces<CreatedAccessKeyDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/", ListAsync).WithName("ListAccessKeys").WithSummary("List the project's AccessKeys (no secrets)")
            .Produces<AccessKeyListDto>();
        group.MapDelete("/{id}", RevokeAsync).WithName("RevokeAccessKey").WithSummary("Revoke an AccessKey: its signatures are refused from now on")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, CredentialService credentials, CancellationToken cancellationToken)
    {
        var projectId = context.GetCaller().ProjectId!;
        var (body, problem) = await ReadBodyAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new FieldErrorList();
        DescriptionRule.Check(errors, body?.Description);
        if (errors.HasErrors)
        {
            return ApiProblems.Validation(errors.Errors);
        }

        // A clash of 20 random characters is as good as impossible; retry once rather than reason about it.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (id, secret) = StoreAccessKeys.New();
            var added = await credentials.AddAsync(new Credential
            {
                ProjectId = projectId,
                Kind = CredentialKind.AlibabaAccessKey,
                KeyId = id,
                Secret = secret,
                Description = body?.Description ?? "",
            }, cancellationToken);
            if (added.Outcome == StoreOutcome.Conflict)
            {
                continue;
            }

            if (!added.IsOk)
            {
                return ApiProblems.Missing(added.Field, added.Message ?? "the project does not exist");
            }

            var key = added.Value!;
            return TypedResults.Created($"/api/v1/access-keys/{key.KeyId}",
                new CreatedAccessKeyDto(key.KeyId, key.Secret, projectId, key.Description, key.CreatedAt));
        }

        return ApiProblems.Conflict("access_key_id", "could not draw an unused AccessKeyId; try again");
    }

    private static async Task<IResult> ListAsync(HttpContext context, CredentialService credentials, CancellationToken cancellationToken)
    {
        var projectId = context.GetCaller().ProjectId!;
        var keys = new List<AccessKeyDto>();
        foreach (var credential in await credentials.ListAsync(projectId, CredentialKind.AlibabaAccessKey, cancellationToken))
        {
            keys.Add(ToDto(credential));
        }

        return TypedResults.Ok(new AccessKeyListDto(keys));
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext context, CredentialService credentials, CancellationToken cancellationToken)
    {
        var projectId = context.GetCaller().ProjectId!;
        if (!StoreAccessKeys.IsWellFormed(id))
        {
            return ApiProblems.NotFound("access key", id.Length > 64 ? id[..64] + "…" : id);
        }

        var revoked = await credentials.RevokeAsync(projectId, CredentialKind.AlibabaAccessKey, id, cancellationToken);
        return revoked is null ? ApiProblems.NotFound("access key", id) : TypedResults.NoContent();
    }

    private static AccessKeyDto ToDto(Credential credential) => new(credential.KeyId, credential.ProjectId ?? "", credential.Description,
        credential.IsRevoked ? "Inactive" : "Active", credential.CreatedAt, credential.RevokedAt);

    /// <summary>The optional JSON body: empty means no description.</summary>
    private static async Task<(CreateAccessKeyRequest? Body, IResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return (null, null);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, ApiProblems.PayloadTooLarge(MaxBodyBytes));
        }

        if (!request.HasJsonContentType())
        {
            return (null, ApiProblems.UnsupportedMediaType(request.ContentType));
        }

        try
        {
            using var document = await StrictJson.ParseAsync(request.Body, cancellationToken);
            var body = document.RootElement.Deserialize(AccessKeyJsonContext.Default.CreateAccessKeyRequest);
            return (body, null);
        }
        catch (JsonTextException e)
        {
            return (null, ApiProblems.Validation(e.Field ?? "body", e.Message));
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.BadRequest("the body is not a valid access key request: " + ex.Message));
        }
    }
}
