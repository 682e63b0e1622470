using System.Security.Cryptography;
using System.Text.Json;
using Vitals.Control.Access;
using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Server.Api;
using Vitals.Server.Input;
using Vitals.Storage;

namespace Vitals.Server.Dialects.Ovh.Credentials;

/// <summary>
/// <c>/api/v1/ovh-credentials</c>: a project token issues, lists and revokes the OVH key triples (application key,
/// application secret, consumer key) that node-ovh and the other OVH clients sign with.
/// </summary>
internal static class OvhCredentialEndpoints
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static WebApplication MapOvhCredentials(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/ovh-credentials").RequireCaller().WithTags("OVH credentials");
        group.MapPost("/", IssueAsync);
        group.MapGet("/", ListAsync);
        group.MapDelete("/{consumer_key}", RevokeAsync);
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, CredentialService credentials, OvhCredentialDirectory directory, TimeProvider time)
    {
        if (ProjectOf(context) is not { } project)
        {
            return ApiProblems.Forbidden("OVH credentials belong to a project: use a project token");
        }

        var (description, error) = await ReadDescriptionAsync(context);
        if (error is not null)
        {
            return error;
        }

        // OVH's own formats: a 16-character application key, 32-character secret and consumer key.
        var applicationKey = RandomNumberGenerator.GetString(Alphabet, 16);
        var credential = new Credential
        {
            ProjectId = project,
            Kind = CredentialKind.Ovh,
            KeyId = RandomNumberGenerator.GetString(Alphabet, 32),
            Secret = RandomNumberGenerator.GetString(Alphabet, 32),
            Extra = applicationKey,
            Description = description,
            CreatedAt = time.GetUtcNow(),
        };
        var added = await credentials.AddAsync(credential, context.RequestAborted);
        if (!added.IsOk)
        {
            return ApiProblems.Conflict(added.Field, added.Message ?? "the credential could not be stored");
        }

        directory.Issued(applicationKey);
        var stored = added.Value!;
        var body = new OvhIssuedCredentialDto(applicationKey, stored.Secret, stored.KeyId, project, stored.Description, stored.CreatedAt);
        return TypedResults.Json(body, OvhCredentialJsonContext.Default.OvhIssuedCredentialDto, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, CredentialService credentials)
    {
        if (ProjectOf(context) is not { } project)
        {
            return ApiProblems.Forbidden("OVH credentials belong to a project: use a project token");
        }

        var list = new List<OvhCredentialDto>();
        foreach (var credential in await credentials.ListAsync(project, CredentialKind.Ovh, context.RequestAborted))
        {
            list.Add(new OvhCredentialDto(credential.Extra ?? "", credential.KeyId, project, credential.Description, credential.CreatedAt,
                credential.RevokedAt));
        }

        return TypedResults.Json(new OvhCredentialListDto(list), OvhCredentialJsonContext.Default.OvhCredentialListDto);
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, string consumer_key, CredentialService credentials, OvhCredentialDirectory directory)
    {
        if (ProjectOf(context) is not { } project)
        {
            return ApiProblems.Forbidden("OVH credentials belong to a project: use a project token");
        }

        // Another project's consumer key is "not found", exactly like an unknown one.
        var revoked = await credentials.RevokeAsync(project, CredentialKind.Ovh, consumer_key, context.RequestAborted);
        if (revoked is null)
        {
            return ApiProblems.NotFound("OVH credential", consumer_key);
        }

        if (revoked.Extra is { } applicationKey)
        {
            directory.Revoked(applicationKey);
        }

        return TypedResults.NoContent();
    }

    private static string? ProjectOf(HttpContext context) => context.GetCaller() is { IsAdmin: false, ProjectId: { } project } ? project : null;

    /// <summary>The optional body <c>{"description": "..."}</c>; anything else is refused.</summary>
    private static async Task<(string Description, IResult? Error)> ReadDescriptionAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0 || (context.Request.ContentLength is null && !context.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return ("", null);
        }

        try
        {
            using var document = await StrictJson.ParseAsync(context.Request.Body, context.RequestAborted);
            var errors = new FieldErrorList();
            var description = "";
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "must be a JSON object");
            }
            else
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name == "description" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        description = property.Value.GetString()!;
                    }
                    else
                    {
                        errors.Add(property.Name, property.Name == "description" ? "must be a string" : "is not a field of an OVH credential");
                    }
                }
            }

            DescriptionRule.Check(errors, description);
            return errors.HasErrors ? ("", ApiProblems.Validation(errors.Errors)) : (description, null);
        }
        catch (JsonTextException e)
        {
            return ("", ApiProblems.Validation(e.Field ?? "body", e.Message));
        }
        catch (JsonException)
        {
            return ("", ApiProblems.BadRequest("the body is not valid JSON"));
        }
    }
}
