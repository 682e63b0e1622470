namespace Vitals.Cli;

/// <summary>What the process exit code of a <c>vitals</c> command means; scripts rely on these.</summary>
internal static class ExitCodes
{
    /// <summary>The check passed (one-shot), or every target ended healthy (scheduled).</summary>
    public const int Success = 0;

    /// <summary>The check failed (one-shot), or some target did not end healthy (scheduled).</summary>
    public const int CheckFailed = 1;

    /// <summary>The command line is wrong: bad option, bad address, bad targets file.</summary>
    public const int InvalidUsage = 2;

    /// <summary>Interrupted (Ctrl+C) before a one-shot check finished; the shell convention for SIGINT.</summary>
    public const int Interrupted = 130;
}
