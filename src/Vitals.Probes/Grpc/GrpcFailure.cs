using Vitals.Core.Probing;

namespace Vitals.Probes.Grpc;

/// <summary>What a failed gRPC check concluded: the codes and a short detail for people.</summary>
internal sealed record GrpcFailure(ReasonCode Reason, CheckCode CheckCode, string Detail);
