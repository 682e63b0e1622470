namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// One line of <c>show servers state</c>, format version 1, every column management.txt documents. Columns an older
/// HAProxy does not print keep their defaults (0, null).
/// </summary>
/// <param name="BackendId">be_id.</param>
/// <param name="BackendName">be_name.</param>
/// <param name="ServerId">srv_id, unique in its backend.</param>
/// <param name="ServerName">srv_name.</param>
/// <param name="Address">srv_addr, the IP address HAProxy connects to.</param>
/// <param name="OperationalState">srv_op_state: up or down, as checks (or <c>set server … health</c>) left it.</param>
/// <param name="AdminState">srv_admin_state: maintenance and drain flags.</param>
/// <param name="UserWeight">srv_uweight: the current weight.</param>
/// <param name="InitialWeight">srv_iweight: the weight of the configuration (or of <c>add server</c>).</param>
/// <param name="SecondsSinceLastChange">srv_time_since_last_change, in seconds.</param>
/// <param name="CheckStatus">srv_check_status: HAProxy's <c>HCHK_STATUS_*</c> number (e.g. 6 L4OK, 8 L4CON refused).</param>
/// <param name="CheckResult">srv_check_result.</param>
/// <param name="CheckHealth">srv_check_health: the rise/fall counter.</param>
/// <param name="CheckState">srv_check_state: HAProxy's own health check.</param>
/// <param name="AgentState">srv_agent_state: the agent check.</param>
/// <param name="BackendForcedId">bk_f_forced_id: the backend's id comes from the configuration.</param>
/// <param name="ServerForcedId">srv_f_forced_id: the server's id comes from the configuration.</param>
/// <param name="Fqdn">srv_fqdn; null for <c>-</c>.</param>
/// <param name="Port">srv_port.</param>
/// <param name="SrvRecord">srvrecord; null for <c>-</c>.</param>
/// <param name="UseSsl">srv_use_ssl.</param>
/// <param name="CheckPort">srv_check_port; 0 when checks use the server's port.</param>
/// <param name="CheckAddress">srv_check_addr; null for <c>-</c>.</param>
/// <param name="AgentAddress">srv_agent_addr; null for <c>-</c>.</param>
/// <param name="AgentPort">srv_agent_port.</param>
public readonly record struct HaproxyServerState(
    int BackendId,
    string BackendName,
    int ServerId,
    string ServerName,
    string Address,
    HaproxyOperationalState OperationalState,
    HaproxyAdminFlags AdminState,
    int UserWeight,
    int InitialWeight,
    long SecondsSinceLastChange,
    int CheckStatus,
    HaproxyCheckResult CheckResult,
    int CheckHealth,
    HaproxyCheckFlags CheckState,
    HaproxyCheckFlags AgentState,
    bool BackendForcedId,
    bool ServerForcedId,
    string? Fqdn,
    int Port,
    string? SrvRecord,
    bool UseSsl,
    int CheckPort,
    string? CheckAddress,
    string? AgentAddress,
    int AgentPort)
{
    private const HaproxyAdminFlags AnyMaint = HaproxyAdminFlags.ForcedMaint | HaproxyAdminFlags.InheritedMaint
        | HaproxyAdminFlags.ConfigMaint | HaproxyAdminFlags.ResolutionMaint;

    private const HaproxyAdminFlags AnyDrain = HaproxyAdminFlags.ForcedDrain | HaproxyAdminFlags.InheritedDrain;

    /// <summary>In maintenance for any reason (forced, inherited, configured, unresolved).</summary>
    public bool IsMaint => (AdminState & AnyMaint) != HaproxyAdminFlags.None;

    /// <summary>Draining (forced or inherited).</summary>
    public bool IsDrain => (AdminState & AnyDrain) != HaproxyAdminFlags.None;

    /// <summary>Operationally up (running, starting or stopping), whatever the administrative state.</summary>
    public bool IsUp => OperationalState != HaproxyOperationalState.Stopped;

    /// <summary>Has HAProxy's own health check configured (<c>check</c>).</summary>
    public bool HasCheck => (CheckState & HaproxyCheckFlags.Configured) != HaproxyCheckFlags.None;

    /// <summary>Has an agent check configured (<c>agent-check</c>).</summary>
    public bool HasAgent => (AgentState & HaproxyCheckFlags.Configured) != HaproxyCheckFlags.None;
}
