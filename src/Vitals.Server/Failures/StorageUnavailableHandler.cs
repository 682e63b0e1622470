using Microsoft.AspNetCore.Diagnostics;
using Vitals.Server.Api;
using Vitals.Storage;

namespace Vitals.Server.Failures;

/// <summary>
/// Answers a storage failure (disk full, read-only, lock timeout, lost database) that escaped an endpoint with 503 and
/// <c>Retry-After</c>, in the shape of the surface the request came to: the endpoint's <see cref="StorageFailureAnswer"/>
/// (Huawei, OVH) or the native problem+json. The store has already logged the database's own error; this logs which
/// request it failed.
/// </summary>
internal sealed partial class StorageUnavailableHandler(ILogger<StorageUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not StorageUnavailableException unavailable)
        {
            return false;
        }

        var feature = httpContext.Features.Get<IExceptionHandlerFeature>();
        Log.Answered(logger, httpContext.Request.Method, feature?.Path ?? httpContext.Request.Path.Value ?? "", unavailable.Message);
        var answer = feature?.Endpoint?.Metadata.GetMetadata<StorageFailureAnswer>();
        var result = answer is null ? ApiProblems.StorageUnavailable(unavailable) : answer.Write(httpContext, unavailable);
        httpContext.Response.Headers.RetryAfter = unavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4470, EventName = "StorageUnavailableAnswered", Level = LogLevel.Warning,
            Message = "{Method} {Path} answered 503, storage unavailable: {Detail}")]
        public static partial void Answered(ILogger logger, string method, string path, string detail);
    }
}
