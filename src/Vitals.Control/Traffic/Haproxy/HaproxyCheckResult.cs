namespace Vitals.Control.Traffic.Haproxy;

/// <summary><c>srv_check_result</c> of <c>show servers state</c> (<c>CHK_RES_*</c>).</summary>
public enum HaproxyCheckResult
{
    /// <summary>0, no check result yet (also: no check configured).</summary>
    Unknown = 0,

    /// <summary>1, valid check without status information.</summary>
    Neutral = 1,

    /// <summary>2, the check failed.</summary>
    Failed = 2,

    /// <summary>3, the check passed.</summary>
    Passed = 3,

    /// <summary>4, the check passed but the server wants no new sessions.</summary>
    ConditionalPass = 4,
}
