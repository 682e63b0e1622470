namespace Vitals.Core.Probing;

/// <summary>
/// Details (<see cref="ProbeResult.Detail"/>) that another part of the system tells apart, written once here so that the
/// prober that writes one and the mapper that reads it share the constant instead of searching the text.
/// </summary>
public static class ProbeDetails
{
    /// <summary>The target answered the connection attempt with a reset (ECONNREFUSED): nothing listens on the port.</summary>
    public const string ConnectionRefused = "Connection refused";

    /// <summary>True when <paramref name="result"/> failed because the connection was refused.</summary>
    public static bool IsConnectionRefused(in ProbeResult result) =>
        result.Reason == ReasonCode.ConnectFailed && string.Equals(result.Detail, ConnectionRefused, StringComparison.Ordinal);
}
