namespace Vitals.Server.Readiness;

/// <summary>One check of <c>/readyz</c>: its name, whether it passed, and on failure why, in words that name no fleet data.</summary>
internal sealed record ReadinessCheck(string Name, bool Passed, string? Reason = null)
{
    public static ReadinessCheck Ok(string name) => new(name, true);

    public static ReadinessCheck Failed(string name, string reason) => new(name, false, reason);
}
