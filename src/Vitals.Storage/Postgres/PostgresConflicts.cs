using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// Maps the constraint a write ran into (the schema names every one) to the outcome and field the SQLite store
/// gives for the same rule: a unique violation (23505) is a Conflict on the unique field; a foreign key violation
/// on insert or update (23503: the referenced row vanished, e.g. deleted by another node in between) is NotFound on
/// the reference's field.
/// </summary>
internal static class PostgresConflicts
{
    private static readonly Dictionary<string, (string Field, string Message)> Unique = new(StringComparer.Ordinal)
    {
        ["ux_projects_name"] = ("name", "a project with this name already exists"),
        ["ux_credentials_kind_key"] = ("key_id", "a credential of this kind with this key id already exists"),
        ["ux_credentials_token_name"] = ("name", "an active token with this name already exists in this project"),
        ["ux_load_balancers_name"] = ("name", "a load balancer with this name already exists in this project"),
        ["ux_listeners_port"] = ("protocol_port", "a listener with this protocol and port already exists on this load balancer"),
        ["ux_members_endpoint"] = ("address", "a member with this address and port already exists in this server group"),
        ["ux_health_monitors_pool"] = ("pool_id", "this server group already has a health monitor"),
        ["ux_instances_name"] = ("name", "an instance with this name already exists in this project"),
        ["ux_haproxy_bindings_name"] = ("name", "an HAProxy binding with this name already exists on this load balancer"),
        ["ux_webhooks_name"] = ("name", "a webhook with this name already exists in this project"),
        ["ux_alertmanagers_name"] = ("name", "an Alertmanager with this name already exists in this project"),
    };

    private static readonly Dictionary<string, (string Field, string Message)> References = new(StringComparer.Ordinal)
    {
        ["server_groups_load_balancer_id_fkey"] = ("loadbalancer_id", "the load balancer does not exist"),
        ["listeners_load_balancer_id_fkey"] = ("loadbalancer_id", "the load balancer does not exist"),
        ["listeners_default_pool_id_fkey"] = ("default_pool_id", "the server group does not exist"),
        ["members_pool_id_fkey"] = ("pool_id", "the server group does not exist"),
        ["members_instance_id_fkey"] = ("instance_id", "the instance does not exist"),
        ["haproxy_bindings_load_balancer_id_fkey"] = ("loadbalancer_id", "the load balancer does not exist"),
        ["health_monitors_pool_id_fkey"] = ("pool_id", "the server group does not exist"),
    };

    public static bool TryMap(PostgresException exception, [NotNullWhen(true)] out (StoreOutcome Outcome, string Field, string Message)? refused)
    {
        refused = null;
        var constraint = exception.ConstraintName;
        if (constraint is null)
        {
            return false;
        }

        if (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            if (Unique.TryGetValue(constraint, out var known))
            {
                refused = (StoreOutcome.Conflict, known.Field, known.Message);
                return true;
            }

            // Every table's string id is UNIQUE (<table>_id_key): a caller-chosen id that is taken.
            if (constraint.EndsWith("_id_key", StringComparison.Ordinal))
            {
                refused = (StoreOutcome.Conflict, "id", "a resource with this id already exists");
                return true;
            }

            return false;
        }

        if (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            if (References.TryGetValue(constraint, out var reference))
            {
                refused = (StoreOutcome.NotFound, reference.Field, reference.Message);
                return true;
            }

            // Every resource refers to its project (<table>_project_id_fkey).
            if (constraint.EndsWith("_project_id_fkey", StringComparison.Ordinal))
            {
                refused = (StoreOutcome.NotFound, "project_id", "the project does not exist");
                return true;
            }
        }

        return false;
    }
}
