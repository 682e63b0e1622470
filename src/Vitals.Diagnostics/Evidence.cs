using System.Text.Json.Nodes;
using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;

namespace Vitals.Diagnostics;

/// <summary>Builds the evidence objects of findings from samples, in one shape everywhere.</summary>
internal static class Evidence
{
    /// <summary><c>{ "port", "samples", "outcomes": [...], "connect_ms": [...] }</c> for raw connects.</summary>
    public static JsonObject Tcp(int port, IReadOnlyList<TcpSample> samples)
    {
        var outcomes = new JsonArray();
        var connect = new JsonArray();
        foreach (var sample in samples)
        {
            outcomes.Add((JsonNode)sample.Outcome.ToWire());
            if (sample.ConnectMs is { } ms)
            {
                connect.Add((JsonNode)Stats.Round(ms));
            }
        }

        var evidence = new JsonObject { ["port"] = port, ["samples"] = samples.Count, ["outcomes"] = outcomes };
        if (connect.Count > 0)
        {
            evidence["connect_ms"] = connect;
        }

        var detail = FirstDetail(samples);
        if (detail is not null)
        {
            evidence["detail"] = detail;
        }

        return evidence;
    }

    /// <summary>
    /// <c>{ "samples", "passed", "reason_codes", "statuses", "total_ms", "detail" }</c> for runs of a health check.
    /// </summary>
    public static JsonObject Probe(IReadOnlyList<ProbeResult> results)
    {
        var reasons = new JsonArray();
        var statuses = new JsonArray();
        var totals = new JsonArray();
        var passed = 0;
        string? detail = null;
        foreach (var result in results)
        {
            passed += result.IsSuccess ? 1 : 0;
            reasons.Add((JsonNode)(result.Reason.ToWire() ?? "OK"));
            if (result.StatusCode is { } status)
            {
                statuses.Add((JsonNode)status);
            }

            if (result.Timings.TotalMs is { } total)
            {
                totals.Add((JsonNode)Stats.Round(total));
            }

            detail ??= result.IsSuccess ? null : result.Detail;
        }

        var evidence = new JsonObject
        {
            ["samples"] = results.Count,
            ["passed"] = passed,
            ["reason_codes"] = reasons,
            ["statuses"] = statuses,
            ["total_ms"] = totals,
        };
        if (detail is not null)
        {
            evidence["detail"] = detail;
        }

        return evidence;
    }

    private static string? FirstDetail(IReadOnlyList<TcpSample> samples)
    {
        foreach (var sample in samples)
        {
            if (sample.Detail is not null)
            {
                return sample.Detail;
            }
        }

        return null;
    }
}
