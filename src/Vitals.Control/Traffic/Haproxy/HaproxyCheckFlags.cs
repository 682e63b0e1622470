namespace Vitals.Control.Traffic.Haproxy;

/// <summary><c>srv_check_state</c> and <c>srv_agent_state</c> of <c>show servers state</c>: a mask (<c>CHK_ST_*</c>).</summary>
[Flags]
public enum HaproxyCheckFlags
{
    None = 0,

    /// <summary>0x01, a check is running.</summary>
    InProgress = 0x01,

    /// <summary>0x02, the check is configured (<c>check</c>, <c>agent-check</c>).</summary>
    Configured = 0x02,

    /// <summary>0x04, the check is enabled.</summary>
    Enabled = 0x04,

    /// <summary>0x08, paused by maintenance.</summary>
    Paused = 0x08,

    /// <summary>0x10, this is an agent check.</summary>
    Agent = 0x10,
}
