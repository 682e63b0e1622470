namespace Vitals.Diagnostics.Sampling;

/// <summary>One raw TCP connect: the outcome, the connect time in ms (null when it did not connect), and a detail.</summary>
internal readonly record struct TcpSample(TcpOutcome Outcome, double? ConnectMs, string? Detail);
