using System.Text;

namespace Vitals.Core.Probing;

/// <summary>
/// The result of one check. A prober never throws for a misbehaving target; it returns one of these.
/// A small struct: the engine keeps the last few per member in a ring.
/// </summary>
public readonly record struct ProbeResult
{
    /// <summary>Most bytes of the answer kept in <see cref="Content"/>.</summary>
    public const int MaxContentBytes = 512;

    public ProbeOutcome Outcome { get; init; }

    /// <summary><see cref="ReasonCode.None"/> on success.</summary>
    public ReasonCode Reason { get; init; }

    public CheckCode CheckCode { get; init; }

    /// <summary>The HTTP status, or the gRPC status for GRPC checks; null when none was read.</summary>
    public int? StatusCode { get; init; }

    public ProbeTimings Timings { get; init; }

    /// <summary>
    /// The first bytes of the answer (at most <see cref="MaxContentBytes"/>), decoded as Latin-1 so that every
    /// byte survives; data from the backend, never markup. Null when nothing was read.
    /// </summary>
    public string? Content { get; init; }

    /// <summary>A short detail for people: "Connection refused", "NOT_SERVING", the HTTP reason phrase...</summary>
    public string? Detail { get; init; }

    /// <summary>When the check started (UTC).</summary>
    public DateTimeOffset CheckedAt { get; init; }

    public bool IsSuccess => Outcome == ProbeOutcome.Success;

    /// <summary>HAProxy's one-line status: <c>Layer7 wrong status, code: 500, info: "Internal Server Error"</c>.</summary>
    public string CheckStatus
    {
        get
        {
            var sb = new StringBuilder(CheckCode.Describe());
            if (StatusCode is { } code && CheckCode is CheckCode.L7Ok or CheckCode.L7Sts)
            {
                sb.Append(", code: ").Append(code);
            }

            if (!string.IsNullOrEmpty(Detail))
            {
                sb.Append(", info: \"").Append(Detail).Append('"');
            }

            return sb.ToString();
        }
    }

    public static ProbeResult Pass(CheckCode checkCode, ProbeTimings timings, DateTimeOffset checkedAt,
        int? statusCode = null, string? content = null, string? detail = null) => new()
        {
            Outcome = ProbeOutcome.Success,
            Reason = ReasonCode.None,
            CheckCode = checkCode,
            Timings = timings,
            CheckedAt = checkedAt,
            StatusCode = statusCode,
            Content = content,
            Detail = detail,
        };

    public static ProbeResult Fail(ReasonCode reason, CheckCode checkCode, ProbeTimings timings, DateTimeOffset checkedAt,
        int? statusCode = null, string? content = null, string? detail = null) => new()
        {
            Outcome = ProbeOutcome.Failure,
            Reason = reason,
            CheckCode = checkCode,
            Timings = timings,
            CheckedAt = checkedAt,
            StatusCode = statusCode,
            Content = content,
            Detail = detail,
        };
}
