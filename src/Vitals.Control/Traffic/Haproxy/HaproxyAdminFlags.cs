namespace Vitals.Control.Traffic.Haproxy;

/// <summary><c>srv_admin_state</c> of <c>show servers state</c>: a mask (HAProxy's <c>SRV_ADMF_*</c>).</summary>
[Flags]
public enum HaproxyAdminFlags
{
    None = 0,

    /// <summary>0x01, forced into maintenance (<c>set server … state maint</c>; also a server added at runtime).</summary>
    ForcedMaint = 0x01,

    /// <summary>0x02, maintenance inherited from a tracked server.</summary>
    InheritedMaint = 0x02,

    /// <summary>0x04, maintenance from the configuration (<c>disabled</c>).</summary>
    ConfigMaint = 0x04,

    /// <summary>0x08, forced into drain (<c>set server … state drain</c>).</summary>
    ForcedDrain = 0x08,

    /// <summary>0x10, drain inherited from a tracked server.</summary>
    InheritedDrain = 0x10,

    /// <summary>0x20, maintenance because the address did not resolve.</summary>
    ResolutionMaint = 0x20,

    /// <summary>0x40, FQDN set from the runtime API.</summary>
    HostnameFromCli = 0x40,
}
