using System.Globalization;
using System.Text;
using System.Text.Json;
using Vitals.Cli.Output;
using Vitals.Diagnostics;

namespace Vitals.Cli.Diagnose;

/// <summary>
/// Prints a <see cref="Diagnosis"/>: a report for people (findings numbered, most likely cause first, everything that
/// came from the backend escaped for the terminal) or one JSON object.
/// </summary>
internal static class DiagnosisFormatter
{
    public static string ToJson(Diagnosis diagnosis)
    {
        var findings = new List<FindingReport>(diagnosis.Findings.Count);
        foreach (var finding in diagnosis.Findings)
        {
            findings.Add(new FindingReport
            {
                Cause = finding.Cause,
                Verdict = finding.Verdict.ToWire(),
                Check = finding.Check,
                Evidence = finding.Evidence,
                Advice = finding.Advice,
                NlbReasonCode = finding.NlbReasonCode,
                CheckCode = finding.CheckCode,
            });
        }

        var report = new DiagnoseReport
        {
            Target = diagnosis.Target,
            Type = diagnosis.Type,
            CheckedAt = CliFormat.Instant(diagnosis.CheckedAt),
            ElapsedMs = Math.Round(diagnosis.Elapsed.TotalMilliseconds, 1),
            Verdict = diagnosis.Verdict.ToWire(),
            Findings = findings,
            NotChecked = diagnosis.NotChecked,
        };
        return JsonSerializer.Serialize(report, DiagnoseJsonContext.Default.DiagnoseReport);
    }

    public static string ToText(Diagnosis diagnosis)
    {
        var sb = new StringBuilder();
        sb.Append(diagnosis.Verdict switch
        {
            FindingVerdict.Ok => "HEALTHY",
            FindingVerdict.Problem => "PROBLEM",
            FindingVerdict.Warning => "WARNING",
            _ => "CANNOT TELL",
        });
        sb.Append(CultureInfo.InvariantCulture,
            $"  {diagnosis.Type} {diagnosis.Target}  diagnosed in {diagnosis.Elapsed.TotalSeconds:0.0} s at {CliFormat.Instant(diagnosis.CheckedAt)}")
            .Append('\n');
        var number = 0;
        foreach (var finding in diagnosis.Findings)
        {
            number++;
            sb.Append(CultureInfo.InvariantCulture, $"{number}. {finding.Cause}  {finding.Verdict.ToWire()}");
            if (finding.NlbReasonCode is not null || finding.CheckCode is not null)
            {
                sb.Append("  [").AppendJoin(' ', Present(finding.NlbReasonCode, finding.CheckCode)).Append(']');
            }

            sb.Append('\n');
            Line(sb, "check", finding.Check);
            Line(sb, "evidence", finding.Evidence.ToJsonString());
            Line(sb, "advice", finding.Advice);
        }

        if (diagnosis.NotChecked.Count > 0)
        {
            sb.Append("Not checked:\n");
            foreach (var note in diagnosis.NotChecked)
            {
                sb.Append("  - ");
                TerminalText.AppendEscaped(sb, note);
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string label, string text)
    {
        sb.Append("   ").Append(label).Append(':').Append(' ', 9 - label.Length);
        TerminalText.AppendEscaped(sb, text);
        sb.Append('\n');
    }

    private static List<string> Present(string? a, string? b)
    {
        var list = new List<string>(2);
        if (a is not null)
        {
            list.Add(a);
        }

        if (b is not null)
        {
            list.Add(b);
        }

        return list;
    }
}
