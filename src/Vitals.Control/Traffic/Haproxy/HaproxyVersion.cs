using System.Globalization;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// HAProxy's version as <c>show version</c> reports it (<c>2.6.12-1+deb12u4</c>, <c>2.8-dev9-e5e622-18</c>),
/// comparable by major, minor and patch.
/// </summary>
public readonly record struct HaproxyVersion(int Major, int Minor, int Patch, string Text) : IComparable<HaproxyVersion>
{
    /// <summary><c>add server</c> and <c>del server</c> without <c>experimental-mode on</c>.</summary>
    public static readonly HaproxyVersion DynamicServers = new(2, 5, 0, "2.5");

    /// <summary>True from 2.5 on: servers can be added and deleted at runtime.</summary>
    public bool SupportsDynamicServers => CompareTo(DynamicServers) >= 0;

    public static bool operator <(HaproxyVersion left, HaproxyVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(HaproxyVersion left, HaproxyVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(HaproxyVersion left, HaproxyVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(HaproxyVersion left, HaproxyVersion right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// Parses the leading <c>major.minor[.patch]</c>; whatever follows (<c>-dev9</c>, <c>-1+deb12u4</c>) is kept in
    /// <see cref="Text"/> only. A development version compares as its .0.
    /// </summary>
    public static bool TryParse(string? text, out HaproxyVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        Span<int> parts = stackalloc int[3];
        var count = 0;
        var i = 0;
        while (count < 3)
        {
            var start = i;
            while (i < trimmed.Length && char.IsAsciiDigit(trimmed[i]))
            {
                i++;
            }

            if (i == start || i - start > 6
                || !int.TryParse(trimmed.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out parts[count]))
            {
                break;
            }

            count++;
            if (i >= trimmed.Length || trimmed[i] != '.')
            {
                break;
            }

            i++;
        }

        if (count < 2)
        {
            return false;
        }

        version = new HaproxyVersion(parts[0], parts[1], count == 3 ? parts[2] : 0, trimmed);
        return true;
    }

    public int CompareTo(HaproxyVersion other)
    {
        var major = Major.CompareTo(other.Major);
        if (major != 0)
        {
            return major;
        }

        var minor = Minor.CompareTo(other.Minor);
        return minor != 0 ? minor : Patch.CompareTo(other.Patch);
    }

    public override string ToString() => Text;
}
