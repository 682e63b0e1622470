using Vitals.Storage;

namespace Vitals.Server.Failures;

/// <summary>
/// Endpoint metadata: how a surface (a dialect's route group) answers a <see cref="StorageUnavailableException"/> in its
/// own error shape. <see cref="StorageUnavailableHandler"/> uses it; endpoints without it answer the native problem.
/// </summary>
/// <param name="Write">The 503 error result of the surface; the handler adds <c>Retry-After</c> and logs the cause.</param>
internal sealed record StorageFailureAnswer(Func<HttpContext, StorageUnavailableException, IResult> Write)
{
    /// <summary>The client-facing sentence every surface uses: "storage unavailable: the disk is full; retry later".</summary>
    public static string Sentence(StorageUnavailableException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"storage unavailable: {exception.Describe()}; retry later";
    }
}
