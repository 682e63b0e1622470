namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// The runtime API could not be used: nothing listens at the address, the socket file is missing or not ours, the
/// connection or the whole exchange timed out, or HAProxy closed the connection before answering every command.
/// </summary>
public sealed class HaproxyConnectionException : IOException
{
    public HaproxyConnectionException()
    {
        Endpoint = string.Empty;
    }

    public HaproxyConnectionException(string message)
        : base(message)
    {
        Endpoint = string.Empty;
    }

    public HaproxyConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Endpoint = string.Empty;
    }

    public HaproxyConnectionException(HaproxyEndpoint endpoint, string message, Exception? innerException = null)
        : base($"HAProxy runtime API at {endpoint}: {message}", innerException)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint.ToString();
    }

    /// <summary>The endpoint as text.</summary>
    public string Endpoint { get; }
}
