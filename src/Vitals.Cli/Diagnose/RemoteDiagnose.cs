using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitals.Cli.Client;
using Vitals.Cli.History;
using Vitals.Cli.Remote;
using Vitals.Diagnostics;

namespace Vitals.Cli.Diagnose;

/// <summary>
/// <c>vitals diagnose MEMBER</c>: asks the server to diagnose one of its members
/// (<c>POST /api/v1/members/{id}/diagnose</c>), with the pool's monitor and the member's recent results, and prints the
/// findings exactly like the standalone command.
/// </summary>
internal static class RemoteDiagnose
{
    public const int MaxServerBudgetSeconds = 60;

    public static async Task<int> RunAsync(ParseResult parseResult, DiagnoseOptions options, string member, int? budget,
        CancellationToken cancellationToken)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        var m = options.Monitor;
        Option[] standaloneOnly =
        [
            m.Delay, m.Timeout, m.MaxRetries, m.MaxRetriesDown, m.ExpectedCodes, m.UrlPath, m.HttpMethod, m.DomainName, m.MonitorPort,
            m.AdminStateUp, m.GrpcTls, options.BackendPort, options.HostHints, options.Samples,
        ];
        foreach (var option in standaloneOnly)
        {
            if (parseResult.GetResult(option) is { Implicit: false })
            {
                await stderr.WriteLineAsync($"{option.Name}: applies to 'vitals diagnose --type ... ADDRESS:PORT' only; "
                    + $"a member ('{member}') is diagnosed with its pool's health monitor");
                return ExitCodes.InvalidUsage;
            }
        }

        if (budget is > MaxServerBudgetSeconds)
        {
            await stderr.WriteLineAsync($"budget: must be an integer from 1 to {MaxServerBudgetSeconds} when the server diagnoses (got {budget})");
            return ExitCodes.InvalidUsage;
        }

        var json = parseResult.GetValue(m.Output) == "json";
        return await RemoteRunner.RunAsync(parseResult, options.Remote, async (context, token) =>
        {
            if (await HistoryCommand.ResolveMemberAsync(context, member, token) is not { } id)
            {
                return ExitCodes.CheckFailed;
            }

            var seconds = budget ?? DiagnoseOptions.DefaultBudgetSeconds;
            var path = $"/api/v1/members/{Uri.EscapeDataString(id)}/diagnose?budget={seconds}";
            var answer = await context.Client.PostAsync(path, null, token);
            DiagnoseReport report;
            try
            {
                report = answer.Deserialize(ClientJsonContext.Default.DiagnoseReport) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw new ServerUnreachableException($"the server's diagnosis could not be read: {e.Message}", e);
            }

            var diagnosis = ToDiagnosis(report);
            if (json)
            {
                await context.Stdout.WriteLineAsync(DiagnosisFormatter.ToJson(diagnosis));
            }
            else
            {
                await context.Stdout.WriteLineAsync($"Member {id}");
                await context.Stdout.WriteAsync(DiagnosisFormatter.ToText(diagnosis));
            }

            return diagnosis.Verdict == FindingVerdict.Ok ? ExitCodes.Success : ExitCodes.CheckFailed;
        }, cancellationToken);
    }

    private static Diagnosis ToDiagnosis(DiagnoseReport report)
    {
        var findings = new List<Finding>(report.Findings.Count);
        foreach (var f in report.Findings)
        {
            findings.Add(new Finding
            {
                Cause = f.Cause,
                Verdict = Verdict(f.Verdict),
                Check = f.Check,
                Evidence = f.Evidence ?? new JsonObject(),
                Advice = f.Advice,
                NlbReasonCode = f.NlbReasonCode,
                CheckCode = f.CheckCode,
            });
        }

        return new Diagnosis
        {
            Target = report.Target,
            Type = report.Type,
            CheckedAt = DateTimeOffset.Parse(report.CheckedAt, System.Globalization.CultureInfo.InvariantCulture),
            Elapsed = TimeSpan.FromMilliseconds(report.ElapsedMs),
            Verdict = Verdict(report.Verdict),
            Findings = findings,
            NotChecked = report.NotChecked,
        };
    }

    private static FindingVerdict Verdict(string wire) => wire switch
    {
        "ok" => FindingVerdict.Ok,
        "problem" => FindingVerdict.Problem,
        "warning" => FindingVerdict.Warning,
        _ => FindingVerdict.CannotTell,
    };
}
