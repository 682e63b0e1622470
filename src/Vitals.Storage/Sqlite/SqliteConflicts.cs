using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Vitals.Storage.Sqlite;

/// <summary>
/// Maps the UNIQUE index a write ran into (SQLite names its columns: <c>UNIQUE constraint failed: members.pool_id,
/// members.address, members.protocol_port</c>) to the field and sentence of a conflict.
/// </summary>
internal static class SqliteConflicts
{
    private const int SqliteConstraint = 19;
    private const string Marker = "constraint failed: ";

    private static readonly Dictionary<string, (string Field, string Message)> ByColumns = new(StringComparer.Ordinal)
    {
        ["projects.name"] = ("name", "a project with this name already exists"),
        ["credentials.kind, credentials.key_id"] = ("key_id", "a credential of this kind with this key id already exists"),
        ["credentials.project_id, credentials.name"] = ("name", "an active token with this name already exists in this project"),
        ["load_balancers.project_id, load_balancers.name"] = ("name", "a load balancer with this name already exists in this project"),
        ["listeners.load_balancer_id, listeners.protocol, listeners.protocol_port"] =
            ("protocol_port", "a listener with this protocol and port already exists on this load balancer"),
        ["members.pool_id, members.address, members.protocol_port"] =
            ("address", "a member with this address and port already exists in this server group"),
        ["health_monitors.pool_id"] = ("pool_id", "this server group already has a health monitor"),
        ["instances.project_id, instances.name"] = ("name", "an instance with this name already exists in this project"),
        ["haproxy_bindings.load_balancer_id, haproxy_bindings.name"] = ("name", "an HAProxy binding with this name already exists on this load balancer"),
        ["webhooks.project_id, webhooks.name"] = ("name", "a webhook with this name already exists in this project"),
        ["alertmanagers.project_id, alertmanagers.name"] = ("name", "an Alertmanager with this name already exists in this project"),
    };

    public static bool TryMap(SqliteException exception, [NotNullWhen(true)] out (string Field, string Message)? conflict)
    {
        conflict = null;
        if (exception.SqliteErrorCode != SqliteConstraint)
        {
            return false;
        }

        var message = exception.Message;
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0 || !message.Contains("UNIQUE", StringComparison.Ordinal))
        {
            return false;
        }

        var columns = message[(at + Marker.Length)..].TrimEnd('.', '\'', ' ');
        if (ByColumns.TryGetValue(columns, out var known))
        {
            conflict = known;
            return true;
        }

        // Every table's string id is UNIQUE: a caller-chosen id that is taken.
        if (columns.EndsWith(".id", StringComparison.Ordinal))
        {
            conflict = ("id", "a resource with this id already exists");
            return true;
        }

        return false;
    }
}
