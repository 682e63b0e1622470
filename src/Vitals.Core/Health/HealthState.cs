namespace Vitals.Core.Health;

/// <summary>A member's health as the load balancer sees it.</summary>
public enum HealthState : byte
{
    /// <summary>Checks are configured but no verdict exists yet.</summary>
    Initial,

    /// <summary>Passed <c>max_retries</c> consecutive checks.</summary>
    Healthy,

    /// <summary>Failed <c>max_retries_down</c> consecutive checks.</summary>
    Unhealthy,

    /// <summary>Weight 0: takes no traffic, whatever the checks say.</summary>
    Unused,

    /// <summary>Checking is switched off.</summary>
    Unavailable,
}
