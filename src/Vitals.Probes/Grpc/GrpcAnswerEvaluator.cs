using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Vitals.Core.Probing;

namespace Vitals.Probes.Grpc;

/// <summary>
/// Turns a gRPC answer (HTTP status, headers, the whole body, trailers) into the check's verdict; the mapping is
/// laid out in docs/grpc-probe.md.
/// </summary>
internal static class GrpcAnswerEvaluator
{
    public static ProbeResult Evaluate(HttpResponseMessage response, ReadOnlySpan<byte> body, bool tooLong, GrpcCheck check,
        DateTimeOffset checkedAt)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return Invalid($"HTTP status {(int)response.StatusCode}, not a gRPC answer", body);
        }

        if (tooLong)
        {
            return Invalid("answer too long for a health answer", body);
        }

        // A "trailers-only" answer (an error with no message) carries grpc-status in its only HEADERS frame.
        var trailersOnly = false;
        if (!TryGetHeader(response.TrailingHeaders, "grpc-status", out var statusText))
        {
            trailersOnly = TryGetHeader(response.Headers, "grpc-status", out statusText);
        }

        if (!trailersOnly && (!TryGetHeader(response.Content.Headers, "content-type", out var contentType)
            || !contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)))
        {
            return Invalid($"content-type '{contentType ?? "(none)"}' is not application/grpc", body);
        }

        if (statusText is null)
        {
            return Invalid("no grpc-status in the trailers", body);
        }

        if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return Invalid($"grpc-status '{statusText}' is not a number", body);
        }

        var expected = check.Target.Spec.ExpectedCodes;
        if (status != 0)
        {
            // An error status comes without a message: the status alone decides.
            var message = DecodeMessage(trailersOnly ? response.Headers : response.TrailingHeaders);
            var content = Cap($"grpc-status: {status} {GrpcStatusNames.OfStatus(status)}{(message is null ? "" : "; grpc-message: " + message)}");
            var detail = message ?? GrpcStatusNames.OfStatus(status);
            return expected.Contains(status)
                ? ProbeResult.Pass(CheckCode.L7Ok, check.Timings(), checkedAt, status, content, detail)
                : ProbeResult.Fail(ReasonCode.GrpcStatusNotMatch, CheckCode.L7Sts, check.Timings(), checkedAt, status, content, detail);
        }

        var frameError = GrpcHealthCodec.TryReadSingleMessage(body, out var payload);
        if (frameError != GrpcFrameError.None)
        {
            return Invalid($"status OK but the message is unreadable: {DescribeFrameError(frameError)}", body);
        }

        if (!GrpcHealthCodec.TryDecodeResponse(payload, out var servingStatus))
        {
            return Invalid("status OK but the message is not a HealthCheckResponse", body);
        }

        var servingName = GrpcStatusNames.OfServingStatus(servingStatus);
        var statusContent = "status: " + servingName;
        if (!expected.Contains(0))
        {
            return ProbeResult.Fail(ReasonCode.GrpcStatusNotMatch, CheckCode.L7Sts, check.Timings(), checkedAt, 0, statusContent,
                GrpcStatusNames.OfStatus(0));
        }

        return servingStatus == (int)GrpcServingStatus.Serving
            ? ProbeResult.Pass(CheckCode.L7Ok, check.Timings(), checkedAt, 0, statusContent, servingName)
            : ProbeResult.Fail(ReasonCode.GrpcNotServing, CheckCode.L7Sts, check.Timings(), checkedAt, 0, statusContent, servingName);

        ProbeResult Invalid(string detail, ReadOnlySpan<byte> answer)
        {
            return GrpcFailureClassifier.Invalid(detail).ToResult(check.Timings(), checkedAt, content: Excerpt(answer));
        }
    }

    private static bool TryGetHeader(HttpHeaders headers, string name, [NotNullWhen(true)] out string? value)
    {
        if (headers.NonValidated.TryGetValues(name, out var values))
        {
            value = values.ToString();
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>grpc-message, percent-decoded as the specification says; null when absent or empty.</summary>
    private static string? DecodeMessage(HttpHeaders headers)
    {
        if (!TryGetHeader(headers, "grpc-message", out var raw) || string.IsNullOrEmpty(raw))
        {
            return null;
        }

        return Cap(Uri.UnescapeDataString(raw), 200);
    }

    private static string DescribeFrameError(GrpcFrameError error) => error switch
    {
        GrpcFrameError.NoMessage => "no message",
        GrpcFrameError.Truncated => "the message is cut short",
        GrpcFrameError.Compressed => "compressed although no compression was offered",
        GrpcFrameError.BadFlag => "bad compressed-flag byte",
        GrpcFrameError.TrailingBytes => "more than one message",
        _ => error.ToString(),
    };

    /// <summary>The first bytes of a body that is not a health answer, for people to see what came back.</summary>
    private static string? Excerpt(ReadOnlySpan<byte> body)
        => body.IsEmpty ? null : Encoding.Latin1.GetString(body[..Math.Min(body.Length, ProbeResult.MaxContentBytes)]);

    private static string Cap(string text, int max = ProbeResult.MaxContentBytes) => text.Length <= max ? text : text[..max];
}
