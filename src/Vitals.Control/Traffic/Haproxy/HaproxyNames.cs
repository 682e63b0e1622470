namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// HAProxy identifiers (proxy and server names): letters, digits and <c>-_.:</c>, as HAProxy's own
/// <c>invalid_char()</c> allows. Checked before any name goes into a command, so no name can carry a space, a
/// <c>;</c> (the CLI's command separator) or a line break into the runtime API.
/// </summary>
public static class HaproxyNames
{
    /// <summary>Longer names work in HAProxy but no load balancer configuration needs them; a bound keeps command lines short.</summary>
    public const int MaxLength = 100;

    /// <summary>True when <paramref name="name"/> is a valid HAProxy identifier.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null when valid, else why not, naming <paramref name="what"/> ("backend", "server").</summary>
    public static string? Check(string? name, string what) => IsValid(name)
        ? null
        : string.IsNullOrEmpty(name)
            ? $"the {what} name is empty"
            : name.Length > MaxLength
                ? $"the {what} name is longer than {MaxLength} characters"
                : $"{what} name '{name}' is not a HAProxy identifier (letters, digits, '-', '_', '.', ':')";

    internal static void ThrowIfInvalid(string? name, string what, string parameter)
    {
        if (Check(name, what) is { } error)
        {
            throw new ArgumentException(error, parameter);
        }
    }
}
