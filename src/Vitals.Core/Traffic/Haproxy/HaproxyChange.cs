namespace Vitals.Core.Traffic.Haproxy;

/// <summary>What one runtime API command does to one server; the client words it (<c>set server b/s state ready</c>).</summary>
public enum HaproxyAction : byte
{
    /// <summary><c>set server … state ready</c>: clears drain and maintenance.</summary>
    StateReady,

    /// <summary><c>set server … state drain</c>.</summary>
    StateDrain,

    /// <summary><c>set server … state maint</c>.</summary>
    StateMaint,

    /// <summary><c>set server … health up</c>.</summary>
    HealthUp,

    /// <summary><c>set server … health down</c>: the operational state, held while HAProxy runs no check of its own.</summary>
    HealthDown,

    /// <summary><c>set server … weight N</c>.</summary>
    Weight,

    /// <summary><c>add server … ADDR:PORT weight N</c> (a new server starts in maintenance; a <see cref="StateReady"/> or
    /// other state command follows).</summary>
    Add,

    /// <summary>The safe delete: maintenance, close its sessions, <c>del server</c>.</summary>
    Delete,
}

/// <summary>One planned change, worded as a runtime API command by the client.</summary>
/// <param name="Action">What it does.</param>
/// <param name="Backend">The backend.</param>
/// <param name="Server">The server's name.</param>
/// <param name="Weight">For <see cref="HaproxyAction.Weight"/> and <see cref="HaproxyAction.Add"/>.</param>
/// <param name="Address">For <see cref="HaproxyAction.Add"/>.</param>
/// <param name="Port">For <see cref="HaproxyAction.Add"/>.</param>
public readonly record struct HaproxyChange(HaproxyAction Action, string Backend, string Server, int Weight = 0, string? Address = null, int Port = 0);
