using System.Runtime.InteropServices;

namespace Vitals.Cli.Export.Nginx;

/// <summary>Sending a signal to another process (.NET only kills): libc's <c>kill(2)</c>. Linux numbers.</summary>
internal static partial class PosixSignals
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigQuit = 3;
    public const int SigTerm = 15;

    private const int ESrch = 3;
    private const int EPerm = 1;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; null when sent, else why not in words.</summary>
    public static string? Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "sending signals is supported on Linux only";
        }

        if (Kill(pid, signal) == 0)
        {
            return null;
        }

        return Marshal.GetLastPInvokeError() switch
        {
            ESrch => "no such process",
            EPerm => "not permitted (another user's process)",
            var errno => $"kill failed (errno {errno})",
        };
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
