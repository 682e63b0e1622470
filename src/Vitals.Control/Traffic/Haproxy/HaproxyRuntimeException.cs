namespace Vitals.Control.Traffic.Haproxy;

/// <summary>HAProxy answered a runtime API command with an error (or a warning where success is silent).</summary>
public sealed class HaproxyRuntimeException : Exception
{
    /// <summary>HAProxy's answer to a <c>del server</c>, <c>set server</c>… naming a server it does not have.</summary>
    public const string NoSuchServer = "No such server.";

    /// <summary>HAProxy's answer naming a backend it does not have.</summary>
    public const string NoSuchBackend = "No such backend.";

    public HaproxyRuntimeException()
        : this(string.Empty, string.Empty)
    {
    }

    public HaproxyRuntimeException(string message)
        : base(message)
    {
        Command = string.Empty;
        HaproxyMessage = string.Empty;
    }

    public HaproxyRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
        HaproxyMessage = string.Empty;
    }

    public HaproxyRuntimeException(string command, string haproxyMessage)
        : base($"HAProxy refused '{command}': {(haproxyMessage.Length == 0 ? "(empty answer)" : haproxyMessage)}")
    {
        Command = command;
        HaproxyMessage = haproxyMessage;
    }

    /// <summary>The command sent.</summary>
    public string Command { get; }

    /// <summary>HAProxy's answer, as it wrote it (without the trailing line end).</summary>
    public string HaproxyMessage { get; }

    /// <summary>The backend or the server does not exist in that HAProxy.</summary>
    public bool IsNotFound => HaproxyMessage is NoSuchServer or NoSuchBackend;
}
