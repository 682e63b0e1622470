namespace Vitals.Probes.Grpc;

/// <summary><c>grpc.health.v1.HealthCheckResponse.ServingStatus</c>, as numbered on the wire.</summary>
internal enum GrpcServingStatus
{
    Unknown = 0,
    Serving = 1,
    NotServing = 2,
    ServiceUnknown = 3,
}
