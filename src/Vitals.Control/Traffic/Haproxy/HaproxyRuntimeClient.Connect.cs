using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vitals.Control.Targets;

namespace Vitals.Control.Traffic.Haproxy;

public sealed partial class HaproxyRuntimeClient
{
    /// <summary>
    /// Opens the connection: the unix socket, or the first TCP address the policy allows that accepts. Throws
    /// <see cref="TargetRefusedException"/> without connecting when the policy refuses every address.
    /// </summary>
    private async Task<Socket> ConnectAsync(CancellationToken exchangeToken, CancellationToken callerToken)
    {
        using var connectDeadline = new CancellationTokenSource(ConnectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(exchangeToken, connectDeadline.Token);
        try
        {
            return Endpoint.Kind == HaproxyEndpointKind.Unix
                ? await ConnectUnixAsync(Endpoint.Path!, linked.Token)
                : await ConnectTcpAsync(linked.Token);
        }
        catch (OperationCanceledException) when (connectDeadline.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            throw new HaproxyConnectionException(Endpoint, string.Create(CultureInfo.InvariantCulture,
                $"connect timed out after {ConnectTimeout.TotalSeconds:0.###} s"));
        }
    }

    private async Task<Socket> ConnectUnixAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var why = ex.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported when !File.Exists(path) => "no socket at this path (is HAProxy running with this stats socket?)",
                SocketError.ConnectionRefused => "nothing accepts on this socket (HAProxy is not running?)",
                SocketError.AccessDenied => "permission denied on the socket (its mode and owner)",
                _ => ex.Message,
            };
            throw new HaproxyConnectionException(Endpoint, why, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<Socket> ConnectTcpAsync(CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = Endpoint.Address is { } literal ? [literal] : await Dns.GetHostAddressesAsync(Endpoint.Host!, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new HaproxyConnectionException(Endpoint, $"{Endpoint.Host} does not resolve: {ex.Message}", ex);
        }

        string? refusal = null;
        SocketException? lastError = null;
        foreach (var address in addresses)
        {
            if (_refuse?.Invoke(address) is { } refused)
            {
                refusal ??= refused;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, Endpoint.Port), cancellationToken);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastError = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (lastError is not null)
        {
            throw new HaproxyConnectionException(Endpoint, lastError.SocketErrorCode == SocketError.ConnectionRefused
                ? "connection refused (HAProxy is not running, or no stats socket on this port?)"
                : lastError.Message, lastError);
        }

        throw refusal is not null
            ? new TargetRefusedException($"HAProxy runtime API at {Endpoint}: {refusal}")
            : new HaproxyConnectionException(Endpoint, $"{Endpoint.Host} resolved to no address");
    }
}
