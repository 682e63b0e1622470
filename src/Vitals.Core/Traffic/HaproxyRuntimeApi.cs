using System.Globalization;
using System.Net;
using System.Text;
using Vitals.Core.Targets;

namespace Vitals.Core.Traffic;

/// <summary>
/// Where an HAProxy runtime API listens, read from a binding's <c>runtime_api</c>: a unix socket (<see cref="SocketPath"/>,
/// normalised) or a TCP stats socket (<see cref="Endpoint"/>). Exactly one of the two is set.
/// </summary>
public sealed record HaproxyRuntimeApi
{
    /// <summary>The longest unix socket path Linux accepts (sun_path holds 108 bytes with the terminating NUL).</summary>
    public const int MaxSocketPathBytes = 107;

    /// <summary>What <c>runtime_api</c> must look like, for error messages.</summary>
    public const string Rule = "must be an absolute unix socket path (/run/haproxy/admin.sock or unix:/run/haproxy/admin.sock) "
        + "or the IP:port or [IPv6]:port of HAProxy's TCP stats socket";

    private HaproxyRuntimeApi(string? socketPath, IPEndPoint? endpoint)
    {
        SocketPath = socketPath;
        Endpoint = endpoint;
    }

    /// <summary>The unix socket's normalised absolute path, or null for a TCP socket.</summary>
    public string? SocketPath { get; }

    /// <summary>The TCP socket's address and port, or null for a unix socket.</summary>
    public IPEndPoint? Endpoint { get; }

    /// <summary>
    /// Reads <paramref name="text"/>: <c>/path</c> or <c>unix:/path</c> (normalised by <see cref="SocketPathPolicy.Normalize"/>,
    /// at most <see cref="MaxSocketPathBytes"/> UTF-8 bytes), <c>a.b.c.d:port</c> or <c>[v6]:port</c> (port 1 to 65535, no
    /// zone); null for anything else (host names included: the address is checked by the target policy when written).
    /// </summary>
    public static HaproxyRuntimeApi? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var path = text.StartsWith("unix:", StringComparison.Ordinal) ? text[5..] : text;
        if (path.StartsWith('/'))
        {
            var normal = SocketPathPolicy.Normalize(path);
            return normal is null || Encoding.UTF8.GetByteCount(normal) > MaxSocketPathBytes ? null : new HaproxyRuntimeApi(normal, null);
        }

        if (!ReferenceEquals(path, text))
        {
            return null;   // unix: with a relative path
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || text.Contains('%', StringComparison.Ordinal))
        {
            return null;
        }

        var host = text[..colon];
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return null;
        }

        IPAddress? address;
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            if (!IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return null;
            }
        }
        else if (host.Contains(':', StringComparison.Ordinal) || !IPAddress.TryParse(host, out address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !IsDottedQuad(host))
        {
            return null;
        }

        return new HaproxyRuntimeApi(null, new IPEndPoint(address, port));
    }

    public override string ToString() => SocketPath is { } path ? "unix:" + path : Endpoint!.ToString();

    /// <summary>Only the usual a.b.c.d spelling: IPAddress also reads "10" or "0x7f.1", which nobody writes in a config.</summary>
    private static bool IsDottedQuad(string host)
    {
        var dots = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return dots == 3;
    }
}
