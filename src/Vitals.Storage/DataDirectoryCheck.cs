namespace Vitals.Storage;

/// <summary>
/// The start-up check that the data directory can be written: a small file is created, written, flushed to the disk
/// and deleted, so that a read-only, full or foreign-owned directory stops the server at start with its path and
/// cause rather than failing every write later.
/// </summary>
public static class DataDirectoryCheck
{
    /// <summary>How many bytes the check writes: one page, so that a full disk fails the write rather than only the create.</summary>
    public const int ProbeBytes = 4096;

    /// <summary>Throws <see cref="StorageUnavailableException"/> naming <paramref name="path"/> and the cause when it cannot be written.</summary>
    public static void CheckWritable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var probe = Path.Combine(full, $".vitals-write-check-{Environment.ProcessId}");
        try
        {
            // Owner-only from creation, like every file in the data directory (docs/security.md).
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(probe, options))
            {
                stream.Write(new byte[ProbeBytes]);
                stream.Flush(flushToDisk: true);
            }

            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            var (reason, cause) = Classify(exception);
            throw new StorageUnavailableException(reason, cause, $"the data directory {full} is not writable ({cause}): {exception.Message}", exception);
        }
    }

    // errno values (Linux): what the file system said, as the operator would search for it.
    private static (StorageFailure Reason, string Cause) Classify(Exception exception)
    {
        var errno = exception.HResult & 0xFFFF;
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) || (inner.HResult & 0xFFFF) == 28)
            {
                return (StorageFailure.DiskFull, "ENOSPC disk full");
            }

            if (inner.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) || (inner.HResult & 0xFFFF) == 30)
            {
                return (StorageFailure.ReadOnly, "EROFS read-only file system");
            }
        }

        return exception is UnauthorizedAccessException
            ? (StorageFailure.ReadOnly, "EACCES permission denied")
            : (StorageFailure.IoError, $"I/O error {errno}");
    }

    private static void TryDelete(string probe)
    {
        try
        {
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The directory could not be written: there is nothing to clean up, or nothing we can clean up.
        }
    }
}
