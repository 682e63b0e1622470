namespace Vitals.Cli.Export.Nginx;

/// <summary>
/// Replaces a file whole: the new bytes go to a temporary file in the same directory (same file system), which is then
/// renamed over the target, so a reader (nginx on reload) sees the old file or the new one, never a part. The target's
/// permissions are kept.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The file's bytes, or null when it does not exist or cannot be read.</summary>
    public static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Replace(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.Exists(full)
                    ? File.GetUnixFileMode(full)
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
