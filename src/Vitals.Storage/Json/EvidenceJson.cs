using System.Text.Json;
using Vitals.Core.Probing;

namespace Vitals.Storage.Json;

/// <summary>
/// The stored summary of a transition's evidence, shared by both stores so that they keep exactly the same: the
/// latest <see cref="StoredTransition.MaxEvidenceResults"/> results, content cut to
/// <see cref="StoredTransition.MaxEvidenceContentChars"/>, detail to <see cref="MaxDetailChars"/>, instants in unix milliseconds.
/// </summary>
internal static class EvidenceJson
{
    /// <summary>The longest detail kept, in a transition's evidence and in a member's last check.</summary>
    public const int MaxDetailChars = 256;

    public static string Serialize(IReadOnlyList<ProbeResult> evidence)
    {
        var skip = Math.Max(0, evidence.Count - StoredTransition.MaxEvidenceResults);
        var entries = new EvidenceEntry[evidence.Count - skip];
        for (var i = 0; i < entries.Length; i++)
        {
            var result = evidence[skip + i];
            var t = result.Timings;
            entries[i] = new EvidenceEntry(result.Outcome.ToString(), result.Reason.ToString(), result.CheckCode.ToString(), result.StatusCode,
                [t.ConnectMicros, t.TlsMicros, t.FirstByteMicros, t.TotalMicros], result.CheckedAt.ToUnixTimeMilliseconds(),
                Cap(result.Detail, MaxDetailChars), Cap(result.Content, StoredTransition.MaxEvidenceContentChars));
        }

        return JsonSerializer.Serialize(entries, StorageJsonContext.Default.EvidenceEntryArray);
    }

    public static ProbeResult[] Deserialize(string json)
    {
        var entries = JsonSerializer.Deserialize(json, StorageJsonContext.Default.EvidenceEntryArray) ?? [];
        var evidence = new ProbeResult[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            evidence[i] = new ProbeResult
            {
                Outcome = Enum.Parse<ProbeOutcome>(e.Outcome),
                Reason = Enum.Parse<ReasonCode>(e.Reason),
                CheckCode = Enum.Parse<CheckCode>(e.CheckCode),
                StatusCode = e.Status,
                Timings = e.Timings is [var connect, var tls, var firstByte, var total]
                    ? new ProbeTimings(connect, tls, firstByte, total)
                    : ProbeTimings.None,
                CheckedAt = DateTimeOffset.FromUnixTimeMilliseconds(e.At),
                Detail = e.Detail,
                Content = e.Content,
            };
        }

        return evidence;
    }

    /// <summary>The text cut to <paramref name="maxChars"/> characters (null and short text unchanged).</summary>
    public static string? Cap(string? text, int maxChars) => text is { Length: > 0 } && text.Length > maxChars ? text[..maxChars] : text;
}
