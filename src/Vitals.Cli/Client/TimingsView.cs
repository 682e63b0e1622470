namespace Vitals.Cli.Client;

/// <summary>Phase timings of a check in milliseconds; null where the phase was not reached.</summary>
internal sealed record TimingsView(double? Connect, double? Tls, double? FirstByte, double? Total);
