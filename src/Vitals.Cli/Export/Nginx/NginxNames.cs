using System.Text;

namespace Vitals.Cli.Export.Nginx;

/// <summary>
/// nginx names for Vitals' resources. An upstream is named like the pool's HAProxy backend, <c>{load balancer}_{pool}</c>,
/// but with ASCII letters, digits, '-', '_' and '.' only: <c>proxy_pass http://NAME</c> reads the name as a host, so a
/// ':' would be taken for a port. nginx compares upstream names without case, so a second pool whose name folds to one
/// already used gets its pool id appended.
/// </summary>
internal sealed class NginxNames
{
    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The upstream name of a pool, unique among the names this instance gave.</summary>
    public string Upstream(string loadBalancerName, string poolName, string poolId)
    {
        var name = Identifier($"{loadBalancerName}_{poolName}");
        if (!_taken.Add(name))
        {
            name = Identifier($"{name}_{poolId}");
            _taken.Add(name);
        }

        return name;
    }

    /// <summary>Letters, digits, '-', '_' and '.' as they are; anything else becomes '_'; an empty text is "_".</summary>
    public static string Identifier(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return sb.Length == 0 ? "_" : sb.ToString();
    }

    /// <summary>Text for a comment line: control characters (a newline would end the comment) become spaces.</summary>
    public static string Comment(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        return sb.ToString();
    }
}
