namespace Vitals.Probes.Grpc;

/// <summary>Names of gRPC status codes and serving statuses, as the gRPC specifications spell them.</summary>
internal static class GrpcStatusNames
{
    private static readonly string[] StatusNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>"UNIMPLEMENTED" for 12; "STATUS_42" for a code the specification does not name.</summary>
    public static string OfStatus(int status)
        => (uint)status < (uint)StatusNames.Length ? StatusNames[status] : $"STATUS_{status}";

    /// <summary>"NOT_SERVING" for 2; "SERVING_STATUS_7" for a value the health protocol does not define.</summary>
    public static string OfServingStatus(int servingStatus) => (GrpcServingStatus)servingStatus switch
    {
        GrpcServingStatus.Unknown => "UNKNOWN",
        GrpcServingStatus.Serving => "SERVING",
        GrpcServingStatus.NotServing => "NOT_SERVING",
        GrpcServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => $"SERVING_STATUS_{servingStatus}",
    };
}
