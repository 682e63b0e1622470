namespace Vitals.Cli;

/// <summary>What the process exit code of a <c>vitals</c> command means; scripts rely on these.</summary>
internal static class ExitCodes
{
    /// <summary>The check passed (one-shot), or every target ended healthy (scheduled).</summary>
    public const int Success = 0;

    /// <summary>
    /// The check failed (one-shot), some target did not end healthy (scheduled), a problem was diagnosed, unhealthy
    /// members were found where asked (<c>status --fail-on-unhealthy</c>), or what was asked for does not exist (404).
    /// </summary>
    public const int CheckFailed = 1;

    /// <summary>
    /// The command line is wrong: bad option, bad address, bad targets or fleet file; or the server refused the input
    /// (400, 409) or the credentials (401, 403).
    /// </summary>
    public const int InvalidUsage = 2;

    /// <summary>The server could not be reached (refused, timed out) or failed (5xx).</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted (Ctrl+C) before a one-shot check finished; the shell convention for SIGINT.</summary>
    public const int Interrupted = 130;
}
