namespace Vitals.Core.Traffic.Haproxy;

/// <summary>
/// One server as HAProxy's <c>show servers state</c> reports it (management.txt, format 1): the columns the sync reads.
/// </summary>
/// <param name="Backend">be_name.</param>
/// <param name="Name">srv_name.</param>
/// <param name="Address">srv_addr.</param>
/// <param name="Port">srv_port.</param>
/// <param name="OperationalState">srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping.</param>
/// <param name="AdminFlags">srv_admin_state: a mask of <see cref="HaproxyAdmin"/> flags.</param>
/// <param name="UserWeight">srv_uweight.</param>
/// <param name="CheckState">srv_check_state: a mask, 0x04 = the health check is enabled.</param>
/// <param name="AgentState">srv_agent_state: a mask, 0x04 = the agent check is enabled.</param>
public readonly record struct HaproxyServer(
    string Backend,
    string Name,
    string Address,
    int Port,
    int OperationalState,
    int AdminFlags,
    int UserWeight,
    int CheckState,
    int AgentState)
{
    /// <summary>srv_check_state / srv_agent_state bit: the check is administratively enabled.</summary>
    public const int CheckEnabled = 0x04;

    /// <summary>HAProxy's own health check runs on it: a DOWN set from outside would be undone by its next passing check.</summary>
    public bool HasOwnCheck => (CheckState & CheckEnabled) != 0;

    /// <summary>Operational state UP (running, starting or soft-stopping), i.e. not stopped.</summary>
    public bool IsUp => OperationalState != 0;

    public bool IsMaint => (AdminFlags & (HaproxyAdmin.ForcedMaint | HaproxyAdmin.ConfigMaint)) != 0;

    public bool IsDrain => (AdminFlags & HaproxyAdmin.ForcedDrain) != 0;
}
