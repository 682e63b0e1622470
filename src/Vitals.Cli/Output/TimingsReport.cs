namespace Vitals.Cli.Output;

/// <summary>Phase timings in milliseconds from the start of the check; null for a phase not reached.</summary>
internal sealed record TimingsReport(double? Connect, double? Tls, double? FirstByte, double? Total);
