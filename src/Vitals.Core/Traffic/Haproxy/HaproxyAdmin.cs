namespace Vitals.Core.Traffic.Haproxy;

/// <summary>The bits of <c>srv_admin_state</c> the sync reads (management.txt, "show servers state").</summary>
public static class HaproxyAdmin
{
    /// <summary>SRV_ADMF_FMAINT: forced into maintenance (runtime API or agent).</summary>
    public const int ForcedMaint = 0x01;

    /// <summary>SRV_ADMF_CMAINT: in maintenance by the configuration (<c>disabled</c>), or a dynamic server not yet enabled.</summary>
    public const int ConfigMaint = 0x04;

    /// <summary>SRV_ADMF_FDRAIN: forced into drain.</summary>
    public const int ForcedDrain = 0x08;
}
