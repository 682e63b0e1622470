namespace Vitals.Cli.Client;

/// <summary>The server could not be reached (refused, timed out, not HTTP) or failed (5xx).</summary>
internal sealed class ServerUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
