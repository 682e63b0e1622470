namespace Vitals.Control.Demo;

/// <summary>The loopback ports of the demo backends.</summary>
/// <param name="Healthy">HTTP servers answering 200 on every path.</param>
/// <param name="Error500">An HTTP server answering 500.</param>
/// <param name="Slow">An HTTP server answering after the demo monitor's timeout.</param>
/// <param name="Grpc">A gRPC health service answering SERVING (h2c).</param>
/// <param name="Closed">Nothing listens: connections are refused.</param>
/// <param name="Spare">Nothing listens either; the member on it has checks switched off.</param>
/// <param name="TcpOnly">Accepts TCP connections and never answers.</param>
public sealed record DemoPorts(int[] Healthy, int Error500, int Slow, int Grpc, int Closed, int Spare, int TcpOnly);
