using Vitals.Control.Fleet;

namespace Vitals.Server.Api;

/// <summary>Maps fleet results to HTTP: 200/201/204, or problem+json 400 (field errors), 404 and 409.</summary>
internal static class FleetHttp
{
    public static IResult Result<T, TDto>(FleetResult<T> result, Func<T, TDto> toDto, string collectionPath)
        where TDto : IResourceDto => result.Outcome switch
        {
            FleetOutcome.Ok => TypedResults.Ok(toDto(result.Value!)),
            FleetOutcome.Created => Created(toDto(result.Value!), collectionPath),
            _ => Problem(result),
        };

    public static IResult NoContent<T>(FleetResult<T> result) => result.IsSuccess ? TypedResults.NoContent() : Problem(result);

    public static IResult Problem<T>(FleetResult<T> result) => result.Outcome switch
    {
        FleetOutcome.Invalid => ApiProblems.Validation(result.Errors),
        FleetOutcome.NotFound => ApiProblems.Missing(result.Field, result.Message ?? "not found"),
        FleetOutcome.Conflict => ApiProblems.Conflict(result.Field, result.Message ?? "conflict"),
        _ => throw new InvalidOperationException($"not a failure: {result}"),
    };

    /// <summary>The project of the caller; resource endpoints only let project tokens through.</summary>
    public static string ProjectId(this HttpContext http) =>
        http.GetCaller().ProjectId ?? throw new InvalidOperationException("resource endpoints need a project caller");

    private static Microsoft.AspNetCore.Http.HttpResults.Created<TDto> Created<TDto>(TDto dto, string collectionPath)
        where TDto : IResourceDto => TypedResults.Created($"{collectionPath}/{Uri.EscapeDataString(dto.Id)}", dto);
}
