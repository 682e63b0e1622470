namespace Vitals.Control.Traffic.Haproxy;

/// <summary>The administrative state <c>set server … state</c> forces.</summary>
public enum HaproxyAdminState
{
    /// <summary><c>ready</c>: neither drain nor maintenance (the same as <c>enable server</c>).</summary>
    Ready,

    /// <summary><c>drain</c>: no new load-balanced traffic; checks and persistent sessions go on.</summary>
    Drain,

    /// <summary><c>maint</c>: no traffic and no checks (the same as <c>disable server</c>).</summary>
    Maint,
}
