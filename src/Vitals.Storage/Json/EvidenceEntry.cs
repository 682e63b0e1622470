namespace Vitals.Storage.Json;

/// <summary>
/// One result of a transition's evidence as stored: enums by name, timings in microseconds (-1: not reached),
/// the check instant in unix milliseconds, the content cut short.
/// </summary>
internal sealed record EvidenceEntry(
    string Outcome,
    string Reason,
    string CheckCode,
    int? Status,
    int[] Timings,
    long At,
    string? Detail,
    string? Content);
