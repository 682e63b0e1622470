namespace Vitals.Cli.Output;

/// <summary>Check start lateness in milliseconds.</summary>
internal sealed record LatenessReport(double P50, double P99, double Max);
