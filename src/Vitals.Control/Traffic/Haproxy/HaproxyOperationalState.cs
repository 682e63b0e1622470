namespace Vitals.Control.Traffic.Haproxy;

/// <summary><c>srv_op_state</c> of <c>show servers state</c> (HAProxy's <c>enum srv_state</c>).</summary>
public enum HaproxyOperationalState
{
    /// <summary>0, SRV_ST_STOPPED: down.</summary>
    Stopped = 0,

    /// <summary>1, SRV_ST_STARTING: up but warming up (slowstart).</summary>
    Starting = 1,

    /// <summary>2, SRV_ST_RUNNING: fully up.</summary>
    Running = 2,

    /// <summary>3, SRV_ST_STOPPING: up but soft-stopping.</summary>
    Stopping = 3,
}
