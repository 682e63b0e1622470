using Vitals.Core.Resources;

namespace Vitals.Core.Traffic.Haproxy;

/// <summary>
/// Compares what HAProxy shows (<c>show servers state</c>) with each member's rotation and plans the runtime API commands
/// that close the gap; pure, so the same function plans a push and confirms it (a read-back that plans nothing is
/// confirmed).
/// </summary>
/// <remarks>
/// Per rotation: Ready → admin ready, operational UP, the member's weight; Down → admin ready and operational DOWN
/// (<c>set server … health down</c>, which HAProxy holds only while it runs no check of its own on the server: with its
/// own check on, MAINT instead); Drain → admin DRAIN; Maint → admin MAINT; Unknown → nothing. A member is found by one
/// of its names, else by its address and port; with <c>manageServers</c> a missing one is added (named by
/// its member id) and a server named like a member id that no member claims any more is deleted: servers the
/// configuration declares under other names are never deleted.
/// </remarks>
public static class HaproxyPlanner
{
    private static readonly string MemberPrefix = ResourceIds.Member + "-";

    public static HaproxyPlan Plan(IReadOnlyList<HaproxyTarget> targets, IReadOnlyList<HaproxyServer> servers, bool manageServers)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(servers);
        var byName = new Dictionary<(string, string), int>(servers.Count);
        var byEndpoint = new Dictionary<(string, string, int), int>(servers.Count);
        for (var i = 0; i < servers.Count; i++)
        {
            var server = servers[i];
            byName.TryAdd((server.Backend, server.Name), i);
            // An endpoint two servers share identifies neither.
            if (!byEndpoint.TryAdd((server.Backend, server.Address, server.Port), i))
            {
                byEndpoint[(server.Backend, server.Address, server.Port)] = -1;
            }
        }

        var commands = new List<HaproxyChange>();
        var missing = new List<string>();
        var unmanageable = new List<string>();
        var claimed = new bool[servers.Count];
        var backends = new HashSet<string>(StringComparer.Ordinal);
        int matched = 0, pending = 0;
        foreach (var target in targets)
        {
            backends.Add(target.Backend);
            var index = Find(target, byName, byEndpoint);
            if (index < 0)
            {
                missing.Add(target.MemberId);
                if (manageServers)
                {
                    commands.Add(new HaproxyChange(HaproxyAction.Add, target.Backend, target.MemberId, AddWeight(target), target.Address, target.Port));
                    Converge(target, NewServer(target), commands, unmanageable);
                }

                continue;
            }

            matched++;
            claimed[index] = true;
            var before = commands.Count;
            Converge(target, servers[index], commands, unmanageable);
            pending += commands.Count > before ? 1 : 0;
        }

        if (manageServers)
        {
            for (var i = 0; i < servers.Count; i++)
            {
                if (!claimed[i] && backends.Contains(servers[i].Backend) && servers[i].Name.StartsWith(MemberPrefix, StringComparison.Ordinal))
                {
                    commands.Add(new HaproxyChange(HaproxyAction.Delete, servers[i].Backend, servers[i].Name));
                }
            }
        }

        return new HaproxyPlan(commands, matched, pending, missing, unmanageable);
    }

    private static int Find(HaproxyTarget target, Dictionary<(string, string), int> byName, Dictionary<(string, string, int), int> byEndpoint)
    {
        foreach (var name in target.Names)
        {
            if (byName.TryGetValue((target.Backend, name), out var index))
            {
                return index;
            }
        }

        return byEndpoint.TryGetValue((target.Backend, target.Address, target.Port), out var at) ? at : -1;
    }

    /// <summary>The commands that bring <paramref name="server"/> to the target's rotation, in the order to send them.</summary>
    private static void Converge(HaproxyTarget target, HaproxyServer server, List<HaproxyChange> commands, List<string> unmanageable)
    {
        var backend = target.Backend;
        var name = server.Name.Length > 0 ? server.Name : target.MemberId;
        var rotation = target.Rotation;
        switch (rotation.State)
        {
            case RotationState.Ready:
                if (server.IsMaint || server.IsDrain)
                {
                    commands.Add(new HaproxyChange(HaproxyAction.StateReady, backend, name));
                }

                if (!server.IsUp)
                {
                    if (server.HasOwnCheck)
                    {
                        unmanageable.Add(target.MemberId); // HAProxy's own check says DOWN: only it can bring it up
                    }
                    else
                    {
                        commands.Add(new HaproxyChange(HaproxyAction.HealthUp, backend, name));
                    }
                }

                if (target.SetWeight && server.UserWeight != rotation.Weight)
                {
                    commands.Add(new HaproxyChange(HaproxyAction.Weight, backend, name, rotation.Weight));
                }

                break;
            case RotationState.Down when server.HasOwnCheck:
                unmanageable.Add(target.MemberId);
                if ((server.AdminFlags & HaproxyAdmin.ForcedMaint) == 0)
                {
                    commands.Add(new HaproxyChange(HaproxyAction.StateMaint, backend, name));
                }

                break;
            case RotationState.Down:
                // Leaving maintenance resets the operational state, so the state comes first and DOWN last.
                if (server.IsMaint || server.IsDrain)
                {
                    commands.Add(new HaproxyChange(HaproxyAction.StateReady, backend, name));
                }

                if (server.IsUp || server.IsMaint || server.IsDrain)
                {
                    commands.Add(new HaproxyChange(HaproxyAction.HealthDown, backend, name));
                }

                break;
            case RotationState.Drain:
                if (!server.IsDrain || server.IsMaint)
                {
                    commands.Add(new HaproxyChange(HaproxyAction.StateDrain, backend, name));
                }

                break;
            case RotationState.Maint:
                if ((server.AdminFlags & HaproxyAdmin.ForcedMaint) == 0)
                {
                    commands.Add(new HaproxyChange(HaproxyAction.StateMaint, backend, name));
                }

                break;
            default:
                break; // Unknown: no verdict, HAProxy keeps its state
        }
    }

    /// <summary>A server <c>add server</c> just created: in maintenance, stopped, no check of its own.</summary>
    private static HaproxyServer NewServer(HaproxyTarget target) =>
        new(target.Backend, target.MemberId, target.Address, target.Port, OperationalState: 0, HaproxyAdmin.ForcedMaint,
            AddWeight(target), CheckState: 0, AgentState: 0);

    private static int AddWeight(HaproxyTarget target) => target.Rotation.State == RotationState.Ready ? target.Rotation.Weight : 1;
}
