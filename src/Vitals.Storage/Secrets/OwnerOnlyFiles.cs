namespace Vitals.Storage.Secrets;

/// <summary>
/// Files and directories only their owner may read: directories 0700, files 0600, with the mode given to the system
/// call that creates them, so there is never a moment when another user could open them. Windows has no such modes;
/// there these are plain creations.
/// </summary>
public static class OwnerOnlyFiles
{
    /// <summary>rwx for the owner: what every directory Vitals keeps data in gets.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner: what every file Vitals writes in its data directory gets.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> and its missing parents 0700; an existing directory is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // The mode applies to the directory named only; missing parents are made the same way first.
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } parent && !Directory.Exists(parent))
            {
                CreateDirectory(parent);
            }

            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    /// <summary>Creates <paramref name="path"/> empty and 0600 when it does not exist; an existing file is not touched.</summary>
    public static void Touch(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, Options(System.IO.FileMode.OpenOrCreate, FileAccess.Write));
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to a new file 0600; <paramref name="replace"/> false refuses (IOException) a file
    /// that exists, so two processes creating it at once cannot both win.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> contents, bool replace)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, Options(replace ? System.IO.FileMode.Create : System.IO.FileMode.CreateNew, FileAccess.Write));
        stream.Write(contents);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Narrows <paramref name="directory"/> to 0700 and everything under it (files 0600, directories 0700) where group or
    /// others had any access; returns the paths it changed and those it could not change (read-only file system, another
    /// owner), for one log line each. It never throws for a path it cannot change: starting is decided elsewhere.
    /// </summary>
    public static (IReadOnlyList<string> Changed, IReadOnlyList<string> Failed) Tighten(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var changed = new List<string>();
        var failed = new List<string>();
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory))
        {
            return (changed, failed);
        }

        TightenOne(directory, DirectoryMode, changed, failed);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is not null)
            {
                continue; // a link's own mode means nothing; what it points to may not be ours
            }

            TightenOne(entry.FullName, entry is DirectoryInfo ? DirectoryMode : FileMode, changed, failed);
        }

        return (changed, failed);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void TightenOne(string path, UnixFileMode mode, List<string> changed, List<string> failed)
    {
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var current = File.GetUnixFileMode(path);
        if ((current & others) != UnixFileMode.None)
        {
            try
            {
                File.SetUnixFileMode(path, (current & ~others) | mode);
                changed.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed.Add($"{path} ({e.Message})");
            }
        }
    }

    private static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }
}
