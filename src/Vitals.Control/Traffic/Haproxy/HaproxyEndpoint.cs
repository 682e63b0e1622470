using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// The address of one HAProxy's runtime API as a binding stores it: an absolute unix socket path
/// (<c>/run/haproxy/admin.sock</c>, also written <c>unix:/run/haproxy/admin.sock</c>) or a TCP address
/// (<c>10.0.0.5:9999</c>, <c>[fd00::5]:9999</c>, <c>haproxy-1.internal:9999</c>).
/// </summary>
public sealed class HaproxyEndpoint : IEquatable<HaproxyEndpoint>
{
    /// <summary>sun_path holds 108 bytes on Linux, the terminating NUL included.</summary>
    private const int MaxUnixPathBytes = 107;
    private const int MaxHostLength = 253;

    private HaproxyEndpoint(HaproxyEndpointKind kind, string? path, string? host, IPAddress? address, int port)
    {
        Kind = kind;
        Path = path;
        Host = host;
        Address = address;
        Port = port;
    }

    public HaproxyEndpointKind Kind { get; }

    /// <summary>The unix socket path; null for TCP.</summary>
    public string? Path { get; }

    /// <summary>The TCP host as written (an IP literal without brackets, or a host name); null for unix.</summary>
    public string? Host { get; }

    /// <summary>The TCP host's address when it is an IP literal; null for a host name (resolved at connect time) and unix.</summary>
    public IPAddress? Address { get; }

    /// <summary>The TCP port; 0 for unix.</summary>
    public int Port { get; }

    /// <summary>A unix socket endpoint; the path must be absolute.</summary>
    public static HaproxyEndpoint Unix(string path) =>
        TryParse(path, out var endpoint, out var error) && endpoint.Kind == HaproxyEndpointKind.Unix
            ? endpoint
            : throw new ArgumentException(error ?? $"'{path}' is not a unix socket path", nameof(path));

    /// <summary>A TCP endpoint on an IP address.</summary>
    public static HaproxyEndpoint Tcp(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return new HaproxyEndpoint(HaproxyEndpointKind.Tcp, null, address.ToString(), address, port);
    }

    /// <summary>Parses an endpoint as stored in a binding; <paramref name="error"/> says what is wrong otherwise.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out HaproxyEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the runtime API address is empty: give a unix socket path (/run/haproxy/admin.sock) or host:port";
            return false;
        }

        if (text.AsSpan().IndexOfAnyInRange('\0', ' ') >= 0 || text.Contains('\u007f', StringComparison.Ordinal))
        {
            error = "the runtime API address contains spaces or control characters";
            return false;
        }

        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            return TryParseUnix(text["unix:".Length..], out endpoint, out error);
        }

        if (text[0] == '/')
        {
            return TryParseUnix(text, out endpoint, out error);
        }

        return TryParseTcp(text, out endpoint, out error);
    }

    /// <summary>The canonical text: the socket path, <c>host:port</c>, or <c>[ipv6]:port</c>.</summary>
    public override string ToString() => Kind == HaproxyEndpointKind.Unix
        ? Path!
        : Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 }
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    public bool Equals(HaproxyEndpoint? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as HaproxyEndpoint);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static bool TryParseUnix(string path, [NotNullWhen(true)] out HaproxyEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (path.Length == 0 || path[0] != '/')
        {
            error = $"unix socket path '{path}' is not absolute: it must start with '/'";
            return false;
        }

        if (path.EndsWith('/'))
        {
            error = $"unix socket path '{path}' names a directory, not a socket";
            return false;
        }

        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxUnixPathBytes)
        {
            error = $"unix socket path '{path}' is longer than {MaxUnixPathBytes} bytes, the system's limit";
            return false;
        }

        error = null;
        endpoint = new HaproxyEndpoint(HaproxyEndpointKind.Unix, path, null, null, 0);
        return true;
    }

    private static bool TryParseTcp(string text, [NotNullWhen(true)] out HaproxyEndpoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        string host;
        ReadOnlySpan<char> portText;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"'{text}' is not [ipv6]:port";
                return false;
            }

            host = text[1..close];
            portText = text.AsSpan(close + 2);
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' in brackets is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                error = $"'{text}' is neither an absolute unix socket path nor host:port";
                return false;
            }

            host = text[..colon];
            portText = text.AsSpan(colon + 1);
            if (host.Contains(':', StringComparison.Ordinal))
            {
                error = $"'{text}': an IPv6 address needs brackets, as in [{host}]:{portText}";
                return false;
            }
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"'{portText}' in '{text}' is not a port between 1 and 65535";
            return false;
        }

        if (IPAddress.TryParse(host, out var address) && (host.Contains(':', StringComparison.Ordinal) || IsDottedQuad(host)))
        {
            error = null;
            endpoint = new HaproxyEndpoint(HaproxyEndpointKind.Tcp, null, address.ToString(), address, port);
            return true;
        }

        if (!IsHostName(host))
        {
            error = $"'{host}' is neither an IP address nor a host name (letters, digits, '-' and '.')";
            return false;
        }

        error = null;
        endpoint = new HaproxyEndpoint(HaproxyEndpointKind.Tcp, null, host.ToLowerInvariant(), null, port);
        return true;
    }

    /// <summary>Four decimal parts: IPAddress.TryParse also takes "2130706433" and "0x7f.1", which no one means here.</summary>
    private static bool IsDottedQuad(string host)
    {
        var parts = 0;
        foreach (var part in host.Split('.'))
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > MaxHostLength)
        {
            return false;
        }

        var anyLetter = false;
        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }

                anyLetter |= char.IsAsciiLetter(c);
            }
        }

        // All digits and dots but not a dotted quad ("10.1.2", "2130706433"): an address spelling, not a name.
        return anyLetter;
    }
}
