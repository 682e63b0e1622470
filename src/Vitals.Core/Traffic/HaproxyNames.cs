using System.Text;

namespace Vitals.Core.Traffic;

/// <summary>
/// HAProxy's names for Vitals' resources, one rule for <c>vitals export haproxy</c> and the runtime API sync: a backend
/// is <c>{load balancer name}_{pool name}</c> made an HAProxy identifier (a name left empty is the resource's id).
/// </summary>
public static class HaproxyNames
{
    /// <summary>The longest backend name a binding may give (HAProxy sets no limit; this keeps lines readable).</summary>
    public const int MaxIdentifierLength = 255;

    /// <summary>The default backend of a pool: <c>{lbName}_{poolName}</c> as an identifier.</summary>
    public static string Backend(string lbName, string poolName) => Identifier($"{lbName}_{poolName}");

    /// <summary>
    /// HAProxy identifiers allow ASCII letters, digits, '-', '_', '.' and ':' (cfgparse's <c>invalid_char</c>); anything
    /// else becomes '_', and an empty text is "_".
    /// </summary>
    public static string Identifier(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsIdentifier(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(IsIdentifierChar(c) ? c : '_');
        }

        return sb.Length == 0 ? "_" : sb.ToString();
    }

    /// <summary>True when HAProxy accepts <paramref name="text"/> as a proxy or server name as it is.</summary>
    public static bool IsIdentifier(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsIdentifierChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Null when <paramref name="name"/> is an identifier of at most <see cref="MaxIdentifierLength"/> characters, else
    /// why not, naming <paramref name="what"/> ("backend", "server"). Every name goes through this before it reaches a
    /// runtime API command, so none can carry a space, a <c>;</c> (the CLI's command separator) or a line break.
    /// </summary>
    public static string? Check(string? name, string what) => string.IsNullOrEmpty(name)
        ? $"the {what} name is empty"
        : name.Length > MaxIdentifierLength
            ? $"the {what} name is longer than {MaxIdentifierLength} characters"
            : IsIdentifier(name)
                ? null
                : $"{what} name '{name}' is not an HAProxy identifier (letters, digits, '-', '_', '.', ':')";

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':';
}
