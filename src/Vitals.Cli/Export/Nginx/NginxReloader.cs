using System.Globalization;

namespace Vitals.Cli.Export.Nginx;

/// <summary>
/// Reloads nginx the way <c>nginx -s reload</c> does: SIGHUP to the master process whose pid is in the pid file. A
/// missing, empty or stale pid file, or a pid that is not nginx's (a reused pid must not be hung up on), is an error in
/// words, never an exception: the watcher reports it and tries again at the next change or tick.
/// </summary>
internal sealed class NginxReloader(string pidFile)
{
    public string PidFile { get; } = pidFile;

    /// <summary>Sends SIGHUP; returns the pid on success, else null with <paramref name="error"/> set.</summary>
    public int? Reload(out string? error)
    {
        string text;
        try
        {
            text = File.ReadAllText(PidFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read the pid file {PidFile}: {e.Message} (is nginx running?)";
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
        {
            error = $"the pid file {PidFile} holds no pid ('{NginxNames.Comment(text.Length > 20 ? text[..20] : text)}')";
            return null;
        }

        // Linux names the process in /proc; the master's comm stays "nginx" whatever its title says.
        var comm = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/comm";
        if (OperatingSystem.IsLinux())
        {
            string name;
            try
            {
                name = File.ReadAllText(comm).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = $"nginx is not running: no process has the pid {pid} of {PidFile} (stale pid file)";
                return null;
            }

            if (!name.StartsWith("nginx", StringComparison.Ordinal))
            {
                error = $"the pid {pid} of {PidFile} is '{NginxNames.Comment(name)}', not nginx (stale pid file): not signalled";
                return null;
            }
        }

        if (PosixSignals.Send(pid, PosixSignals.SigHup) is { } failed)
        {
            error = $"cannot signal nginx (pid {pid} of {PidFile}): {failed}";
            return null;
        }

        error = null;
        return pid;
    }
}
