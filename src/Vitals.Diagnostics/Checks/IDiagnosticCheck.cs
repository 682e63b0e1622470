namespace Vitals.Diagnostics.Checks;

/// <summary>
/// One item of the troubleshooting checklist (one cause family). It reads the evidence already in the context,
/// gathers what it still needs through the context (so the budget holds), and adds findings or not-checked notes.
/// </summary>
internal interface IDiagnosticCheck
{
    Task RunAsync(DiagnosisContext context);
}
