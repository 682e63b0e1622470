using System.Text.Json;
using Vitals.Control.Access;
using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Server.Api;
using Vitals.Server.Input;
using Vitals.Storage;

namespace Vitals.Server.Dialects.Huawei.Credentials;

/// <summary>
/// <c>/api/v1/huawei-credentials</c>: a project issues, shows, lists and revokes the Huawei AK/SK pairs its SDK clients
/// sign with. The SK is shown once, in the answer of the create call. An AK of another project answers 404.
/// </summary>
internal static class HuaweiCredentialEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapHuaweiCredentials(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/v1/huawei-credentials").RequireCaller().WithTags("Huawei credentials");
        group.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.GetCaller().ProjectId is null
                ? ApiProblems.Forbidden("Huawei credentials belong to a project: use a project token")
                : await next(context));
        group.MapPost("/", CreateAsync).WithName("CreateHuaweiCredential").WithSummary("Issue a Huawei AK/SK pair for the project")
            .Produces<CreatedHuaweiCredentialDto>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/", ListAsync).WithName("ListHuaweiCredentials").WithSummary("List the project's AKs (no secrets)")
            .Produces<HuaweiCredentialListDto>();
        group.MapGet("/{ak}", ShowAsync).WithName("GetHuaweiCredential").WithSummary("Show one AK of the project (no secret)")
            .Produces<HuaweiCredentialDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{ak}", RevokeAsync).WithName("RevokeHuaweiCredential").WithSummary("Revoke an AK: its signatures are refused from now on")
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
            var (access, secret) = StoreHuaweiCredentials.New();
            var added = await credentials.AddAsync(new Credential
            {
                ProjectId = projectId,
                Kind = CredentialKind.HuaweiAccessKey,
                KeyId = access,
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
            return TypedResults.Created($"/api/v1/huawei-credentials/{key.KeyId}",
                new CreatedHuaweiCredentialDto(key.KeyId, key.Secret, projectId, key.Description, "active", key.CreatedAt));
        }

        return ApiProblems.Conflict("access", "could not draw an unused AK; try again");
    }

    private static async Task<IResult> ListAsync(HttpContext context, CredentialService credentials, CancellationToken cancellationToken)
    {
        var projectId = context.GetCaller().ProjectId!;
        var keys = new List<HuaweiCredentialDto>();
        foreach (var credential in await credentials.ListAsync(projectId, CredentialKind.HuaweiAccessKey, cancellationToken))
        {
            keys.Add(ToDto(credential));
        }

        return TypedResults.Ok(new HuaweiCredentialListDto(keys));
    }

    private static async Task<IResult> ShowAsync(string ak, HttpContext context, CredentialService credentials, CancellationToken cancellationToken)
    {
        var projectId = context.GetCaller().ProjectId!;
        if (!StoreHuaweiCredentials.IsWellFormed(ak))
        {
            return ApiProblems.NotFound("Huawei credential", Clip(ak));
        }

        var credential = await credentials.FindAsync(CredentialKind.HuaweiAccessKey, ak, cancellationToken);
        return credential is not null && string.Equals(credential.ProjectId, projectId, StringComparison.Ordinal)
            ? TypedResults.Ok(ToDto(credential))
            : ApiProblems.NotFound("Huawei credential", ak);
    }

    private static async Task<IResult> RevokeAsync(string ak, HttpContext context, CredentialService credentials, CancellationToken cancellationToken)
    {
        var projectId = context.GetCaller().ProjectId!;
        if (!StoreHuaweiCredentials.IsWellFormed(ak))
        {
            return ApiProblems.NotFound("Huawei credential", Clip(ak));
        }

        var revoked = await credentials.RevokeAsync(projectId, CredentialKind.HuaweiAccessKey, ak, cancellationToken);
        return revoked is null ? ApiProblems.NotFound("Huawei credential", ak) : TypedResults.NoContent();
    }

    private static HuaweiCredentialDto ToDto(Credential credential) => new(credential.KeyId, credential.ProjectId ?? "", credential.Description,
        credential.IsRevoked ? "inactive" : "active", credential.CreatedAt, credential.RevokedAt);

    private static string Clip(string id) => id.Length > 64 ? id[..64] + "…" : id;

    /// <summary>The optional JSON body: empty means no description.</summary>
    private static async Task<(CreateHuaweiCredentialRequest? Body, IResult? Problem)> ReadBodyAsync(HttpRequest request,
        CancellationToken cancellationToken)
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
            return (document.RootElement.Deserialize(HuaweiCredentialJsonContext.Default.CreateHuaweiCredentialRequest), null);
        }
        catch (JsonTextException e)
        {
            return (null, ApiProblems.Validation(e.Field ?? "body", e.Message));
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.BadRequest("the body is not a valid Huawei credential request: " + ex.Message));
        }
    }
}
