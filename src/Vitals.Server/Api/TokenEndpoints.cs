using System.Globalization;
using Vitals.Control.Access;
using Vitals.Storage;

namespace Vitals.Server.Api;

/// <summary>
/// <c>/api/v1/projects/{projectId}/tokens</c>: named project tokens, created (the secret shown once), listed (never
/// the secret), revoked and rotated. The admin token manages any project's tokens; a project token its own project's
/// (another project answers 404, as for every resource). <c>/api/v1/tokens</c> is the same for the caller's own
/// project, so a project token holder need not know the project id.
/// </summary>
public static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        Map(api.MapGroup("/projects/{projectId}/tokens").RequireCaller().WithTags("Tokens"), "");
        var own = api.MapGroup("/tokens").RequireCaller().WithTags("Tokens");
        own.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.GetCaller().ProjectId is null
                ? ApiProblems.Forbidden("/api/v1/tokens is the calling project's: the admin uses /api/v1/projects/{id}/tokens")
                : await next(context));
        Map(own, "Own");
        return api;
    }

    private static void Map(RouteGroupBuilder group, string suffix)
    {
        group.MapPost("/", CreateAsync).WithName("CreateToken" + suffix).WithSummary("Create a named project token (the secret is shown once)")
            .Produces<IssuedTokenDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync).WithName("ListTokens" + suffix).WithSummary("List the project's tokens (never their secrets)")
            .Produces<TokenListDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", RevokeAsync).WithName("RevokeToken" + suffix).WithSummary("Revoke a token: refused from the next request on, on every node")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/rotate", RotateAsync).WithName("RotateToken" + suffix)
            .WithSummary("Give a token a new secret (shown once); the old secret is refused at once")
            .Produces<IssuedTokenDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, TokenService tokens, CredentialService credentials, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await ProjectOfAsync(http, credentials, cancellationToken) is not { } projectId)
        {
            return ProjectNotFound(http);
        }

        var now = time.GetUtcNow();
        var (request, problem) = await TokenRequest.ReadAsync(http.Request, now, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var created = await tokens.CreateAsync(projectId, request!.Name, request.ExpiresAt, cancellationToken);
        return created.Outcome switch
        {
            StoreOutcome.Ok => TypedResults.Created($"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{created.Value!.Token.Id}",
                Issued(created.Value!, now)),
            StoreOutcome.Conflict => ApiProblems.Conflict(created.Field, created.Message ?? "the token could not be created"),
            _ => ProjectNotFound(http),
        };
    }

    private static async Task<IResult> ListAsync(HttpContext http, TokenService tokens, CredentialService credentials, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await ProjectOfAsync(http, credentials, cancellationToken) is not { } projectId)
        {
            return ProjectNotFound(http);
        }

        var now = time.GetUtcNow();
        var listed = await tokens.ListAsync(projectId, cancellationToken);
        return TypedResults.Ok(new TokenListDto([.. listed.Select(t => TokenDto.From(t, now))]));
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext http, TokenService tokens, CredentialService credentials,
        CancellationToken cancellationToken)
    {
        if (await ProjectOfAsync(http, credentials, cancellationToken) is not { } projectId)
        {
            return ProjectNotFound(http);
        }

        if (!TryParseId(id, out var tokenId))
        {
            return TokenNotFound(id);
        }

        var revoked = await tokens.RevokeAsync(projectId, tokenId, cancellationToken);
        return revoked.IsOk ? TypedResults.NoContent() : TokenNotFound(id);
    }

    private static async Task<IResult> RotateAsync(string id, HttpContext http, TokenService tokens, CredentialService credentials,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ProjectOfAsync(http, credentials, cancellationToken) is not { } projectId)
        {
            return ProjectNotFound(http);
        }

        if (!TryParseId(id, out var tokenId))
        {
            return TokenNotFound(id);
        }

        var rotated = await tokens.RotateAsync(projectId, tokenId, cancellationToken);
        return rotated.Outcome switch
        {
            StoreOutcome.Ok => TypedResults.Ok(Issued(rotated.Value!, time.GetUtcNow())),
            StoreOutcome.Conflict => ApiProblems.Conflict(rotated.Field, rotated.Message ?? "the token cannot be rotated"),
            _ => TokenNotFound(id),
        };
    }

    /// <summary>
    /// The project the call is about: the path's (admin: any existing project; a project token: only its own, another
    /// is answered as absent) or, on <c>/api/v1/tokens</c>, the caller's. Null: 404.
    /// </summary>
    private static async Task<string?> ProjectOfAsync(HttpContext http, CredentialService credentials, CancellationToken cancellationToken)
    {
        var caller = http.GetCaller();
        if (http.Request.RouteValues["projectId"] is not string projectId)
        {
            return caller.ProjectId;
        }

        if (!caller.IsAdmin)
        {
            return string.Equals(caller.ProjectId, projectId, StringComparison.Ordinal) ? projectId : null;
        }

        return await credentials.GetProjectAsync(projectId, cancellationToken) is null ? null : projectId;
    }

    private static bool TryParseId(string id, out long tokenId) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out tokenId) && tokenId > 0;

    private static IssuedTokenDto Issued(IssuedToken issued, DateTimeOffset now) => new(TokenDto.From(issued.Token, now), issued.Secret);

    private static IResult ProjectNotFound(HttpContext http) =>
        ApiProblems.NotFound("project", Shown(http.Request.RouteValues["projectId"] as string ?? ""));

    private static IResult TokenNotFound(string id) => ApiProblems.NotFound("token", Shown(id));

    /// <summary>An id from the path as it may appear in an answer: cut, without control characters.</summary>
    private static string Shown(string id) =>
        string.Concat((id.Length > 64 ? id[..64] + "…" : id).Select(static c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c));
}
