using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vitals.Cli.Probe;

/// <summary>
/// An <c>ADDRESS:PORT</c> as the command line and targets files spell it: <c>10.0.0.5:80</c> or
/// <c>[2001:db8::5]:443</c>; the one-shot argument may also name a host (<c>db1:5432</c>).
/// </summary>
internal readonly record struct TargetAddress(IPAddress Address, int Port)
{
    private static readonly SearchValues<char> DottedQuadChars = SearchValues.Create("0123456789.");

    public const string Expected = "ADDRESS:PORT, e.g. 10.0.0.5:80 or [2001:db8::5]:443";

    /// <summary>The canonical <c>ip:port</c> (<c>[ip]:port</c> for IPv6): member ids and report targets.</summary>
    public override string ToString() => Format(Address, Port);

    public static string Format(IPAddress address, int port) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? string.Create(CultureInfo.InvariantCulture, $"[{address}]:{port}")
        : string.Create(CultureInfo.InvariantCulture, $"{address}:{port}");

    /// <summary>
    /// Splits <paramref name="text"/> into host and port. <paramref name="host"/> is an IP literal or a name;
    /// <paramref name="error"/> says what is wrong otherwise.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<char> text, out ReadOnlySpan<char> host, out int port, out string? error)
    {
        host = default;
        port = 0;
        ReadOnlySpan<char> portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = "an IPv6 address needs the form [ADDRESS]:PORT";
                return false;
            }

            host = text[1..close];
            portText = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                error = "the port is missing";
                return false;
            }

            host = text[..colon];
            if (host.Contains(':'))
            {
                error = "an IPv6 address must be in brackets: [ADDRESS]:PORT";
                return false;
            }

            portText = text[(colon + 1)..];
        }

        if (host.IsEmpty)
        {
            error = "the address is missing";
            return false;
        }

        if (portText.IsEmpty || portText.IndexOfAnyExceptInRange('0', '9') >= 0
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            error = "the port must be an integer from 1 to 65535";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Parses an IP literal with port (no name resolution): the targets-file form.</summary>
    public static bool TryParseLiteral(ReadOnlySpan<char> text, out TargetAddress target, out string? error)
    {
        target = default;
        if (!TrySplit(text, out var host, out var port, out error))
        {
            return false;
        }

        if (!TryParseIp(host, out var address))
        {
            error = $"'{host}' is not an IP address";
            return false;
        }

        target = new TargetAddress(address, port);
        return true;
    }

    /// <summary>
    /// Parses the one-shot argument: an IP literal, or a host name resolved once (IPv4 preferred, as most
    /// load balancer backends are). Returns a null target and the reason when it cannot.
    /// </summary>
    public static async Task<(TargetAddress? Target, string? Error)> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        if (!TrySplit(text, out var hostSpan, out var port, out var error))
        {
            return (null, error);
        }

        if (TryParseIp(hostSpan, out var literal))
        {
            return (new TargetAddress(literal, port), null);
        }

        var host = hostSpan.ToString();
        if (text.StartsWith('['))
        {
            return (null, $"'{host}' is not an IPv6 address");
        }

        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            return (null, $"'{host}' is neither an IP address nor a host name");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            var chosen = Array.Find(addresses, static a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? (addresses.Length > 0 ? addresses[0] : null);
            return chosen is null
                ? (null, $"'{host}' has no address")
                : (new TargetAddress(chosen, port), null);
        }
        catch (SocketException ex)
        {
            return (null, $"cannot resolve '{host}': {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"cannot resolve '{host}': no answer within 5 s");
        }
    }

    /// <summary>
    /// An IPv6 literal, or an IPv4 one in full dotted-quad form: IPAddress.TryParse also reads "10.1" or
    /// "3232235777" as IPv4, which nobody means in ADDRESS:PORT.
    /// </summary>
    private static bool TryParseIp(ReadOnlySpan<char> host, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (host.Contains(':'))
        {
            return IPAddress.TryParse(host, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        return host.Count('.') == 3
            && host.IndexOfAnyExcept(DottedQuadChars) < 0
            && IPAddress.TryParse(host, out address);
    }
}
