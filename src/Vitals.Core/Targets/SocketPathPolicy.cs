using System.Text;

namespace Vitals.Core.Targets;

/// <summary>
/// Which unix sockets the server may connect to on a tenant's behalf (an HAProxy binding's runtime API): only sockets
/// under a directory of <c>--allow-sockets</c> (default <see cref="DefaultDirectories"/>), so that a tenant cannot aim the
/// server at <c>/var/run/docker.sock</c> or any other local socket. Paths are normalised first
/// (<see cref="Normalize"/>): relative paths and any <c>..</c> segment are refused outright, so that no spelling escapes
/// an allowed directory.
/// </summary>
/// <remarks>
/// Pure and immutable: it judges the text of a path. A symbolic link inside an allowed directory is the operator's
/// doing, and is followed as the operating system does.
/// </remarks>
public sealed class SocketPathPolicy
{
    /// <summary>Debian's and most distributions' home of HAProxy's admin socket.</summary>
    public static readonly IReadOnlyList<string> DefaultDirectories = ["/run/haproxy", "/var/run/haproxy"];

    private readonly string[] _directories;

    /// <param name="directories">Absolute directories (normalised here); an invalid one throws.</param>
    public SocketPathPolicy(IEnumerable<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        _directories = [.. directories.Select(d => Normalize(d) ?? throw new ArgumentException($"not an absolute directory: '{d}'", nameof(directories)))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The default directories alone.</summary>
    public static SocketPathPolicy Default { get; } = new(DefaultDirectories);

    /// <summary>The allowed directories, normalised.</summary>
    public IReadOnlyList<string> Directories => _directories;

    /// <summary>
    /// Parses <c>--allow-sockets</c> items (each may hold several directories separated by commas); every bad item is
    /// added to <paramref name="errors"/>. An empty list is allowed: no socket then.
    /// </summary>
    public static IReadOnlyList<string> ParseList(IEnumerable<string>? items, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var directories = new List<string>();
        foreach (var item in items ?? [])
        {
            foreach (var part in item.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (Normalize(part) is { } directory)
                {
                    directories.Add(directory);
                }
                else
                {
                    errors.Add($"'{part}' is not an absolute directory without '..' (e.g. /run/haproxy)");
                }
            }
        }

        return directories;
    }

    /// <summary>
    /// Why the socket at <paramref name="path"/> is refused, naming the rule (e.g. "/var/run/docker.sock is not under a
    /// directory of --allow-sockets (/run/haproxy, /var/run/haproxy), denied by the socket policy"); null when allowed.
    /// </summary>
    public string? Refusal(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normal = Normalize(path);
        if (normal is null)
        {
            return $"'{path}' is not an absolute socket path without '..', denied by the socket policy";
        }

        foreach (var directory in _directories)
        {
            var prefix = directory.Length == 1 ? "/" : directory + "/";
            if (normal.Length > prefix.Length && normal.StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }
        }

        var allowed = _directories.Length == 0 ? "none" : string.Join(", ", _directories);
        return $"{normal} is not under a directory of --allow-sockets ({allowed}), denied by the socket policy";
    }

    /// <summary>
    /// An absolute path with empty and <c>.</c> segments removed and no trailing '/' (the root stays <c>/</c>); null for a
    /// relative path, a <c>..</c> segment, or a control character (NUL included).
    /// </summary>
    public static string? Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return null;
        }

        var sb = new StringBuilder(path.Length);
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." || segment.Any(char.IsControl))
            {
                return null;
            }

            sb.Append('/').Append(segment);
        }

        return sb.Length == 0 ? "/" : sb.ToString();
    }
}
