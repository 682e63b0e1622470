using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Vitals.Cli.Apply;

namespace Vitals.Cli.Export;

/// <summary>
/// What <c>vitals export haproxy --standalone</c> writes before the backends: a <c>global</c> section with the runtime API
/// socket, <c>defaults</c> with the timeouts HAProxy wants, and one <c>frontend</c> per listener whose default pool is
/// exported, bound to <see cref="Bind"/> at the listener's port and in the mode its pool needs.
/// </summary>
internal sealed record HaproxyStandalone(string Bind, string StatsSocket)
{
    public static bool IsAddress(string text) => IPAddress.TryParse(text, out _);

    public string Write(IReadOnlyList<JsonObject> listeners, IReadOnlyList<JsonObject> pools, Func<JsonObject, string> lbNameOf)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(lbNameOf);
        var sb = new StringBuilder();
        sb.Append("\nglobal\n");
        sb.Append(CultureInfo.InvariantCulture, $"    stats socket {StatsSocket} mode 600 level admin\n");
        sb.Append("    stats timeout 30s\n");
        sb.Append("\ndefaults\n");
        sb.Append("    timeout connect 5s\n");
        sb.Append("    timeout client 30s\n");
        sb.Append("    timeout server 30s\n");
        sb.Append("    timeout check 5s\n");
        var address = IPAddress.Parse(Bind).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Bind}]" : Bind;
        foreach (var listener in listeners)
        {
            var listenerName = CurrentFleet.Text(listener, "name") is { Length: > 0 } n ? n : CurrentFleet.Id(listener);
            var port = listener["protocol_port"]?.ToJsonString();
            var protocol = CurrentFleet.Text(listener, "protocol");
            var pool = CurrentFleet.Text(listener, "default_pool_id") is { } poolId ? FindPool(pools, poolId) : null;
            if (pool is null)
            {
                continue; // no default pool, or one that is not exported: nothing to send its traffic to
            }

            sb.Append('\n');
            if (protocol == "UDP")
            {
                sb.Append(CultureInfo.InvariantCulture, $"# listener {HaproxyBackendWriter.Comment(listenerName)} (UDP :{port}): HAProxy does not proxy UDP\n");
                continue;
            }

            var lbName = lbNameOf(pool);
            sb.Append(CultureInfo.InvariantCulture,
                $"# listener {HaproxyBackendWriter.Comment(listenerName)} ({CurrentFleet.Id(listener)}, {protocol} :{port}) of load balancer {HaproxyBackendWriter.Comment(lbName)}\n");
            sb.Append("frontend ").Append(HaproxyBackendWriter.Name($"{lbName}_{listenerName}_{port}")).Append('\n');
            sb.Append("    mode ").Append(HaproxyBackendWriter.Mode(pool)).Append('\n');
            sb.Append(CultureInfo.InvariantCulture, $"    bind {address}:{port}\n");
            if (listener["admin_state_up"]?.GetValue<bool>() == false)
            {
                sb.Append("    disabled\n");
            }

            sb.Append("    default_backend ").Append(HaproxyBackendWriter.BackendName(lbName, pool)).Append('\n');
        }

        return sb.ToString();
    }

    private static JsonObject? FindPool(IReadOnlyList<JsonObject> pools, string id)
    {
        foreach (var pool in pools)
        {
            if (CurrentFleet.Id(pool) == id)
            {
                return pool;
            }
        }

        return null;
    }
}
