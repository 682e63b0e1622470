using System.Net;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>Typed reads and single-server commands, each one connection; batch many with <see cref="RunAsync(IReadOnlyList{HaproxyCommand}, CancellationToken)"/>.</summary>
public sealed partial class HaproxyRuntimeClient
{
    /// <summary>HAProxy's answer when <c>del server</c> finds connections still attached.</summary>
    private const string StillHasConnections = "Server still has connections attached to it, cannot remove it.";

    /// <summary>How many times the safe delete retries a <c>del server</c> refused for connections still attached.</summary>
    /// <value>10.</value>
    public int DeleteAttempts { get; init; } = 10;

    /// <summary>The pause between those retries.</summary>
    /// <value>100 milliseconds.</value>
    public TimeSpan DeleteRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary><c>show version</c>, parsed.</summary>
    public async Task<HaproxyVersion> ShowVersionAsync(CancellationToken cancellationToken)
    {
        var command = HaproxyCommand.ShowVersion();
        var answer = await RunAsync(command, cancellationToken);
        return HaproxyVersion.TryParse(answer, out var version)
            ? version
            : throw new HaproxyRuntimeException(command.Text, answer);
    }

    /// <summary><c>show servers state [backend]</c>, parsed; every backend when <paramref name="backend"/> is null.</summary>
    public async Task<IReadOnlyList<HaproxyServerState>> ShowServersStateAsync(string? backend, CancellationToken cancellationToken)
    {
        var command = HaproxyCommand.ShowServersState(backend);
        var answer = await RunAsync(command, cancellationToken);
        return HaproxyServersStateParser.Parse(command.Text, answer);
    }

    public Task SetHealthAsync(string backend, string server, HaproxyHealth health, CancellationToken cancellationToken) =>
        RunAsync(HaproxyCommand.SetHealth(backend, server, health), cancellationToken);

    public Task SetStateAsync(string backend, string server, HaproxyAdminState state, CancellationToken cancellationToken) =>
        RunAsync(HaproxyCommand.SetState(backend, server, state), cancellationToken);

    public Task SetWeightAsync(string backend, string server, int weight, CancellationToken cancellationToken) =>
        RunAsync(HaproxyCommand.SetWeight(backend, server, weight), cancellationToken);

    public Task SetWeightPercentAsync(string backend, string server, int percent, CancellationToken cancellationToken) =>
        RunAsync(HaproxyCommand.SetWeightPercent(backend, server, percent), cancellationToken);

    public Task SetAgentAsync(string backend, string server, bool up, CancellationToken cancellationToken) =>
        RunAsync(HaproxyCommand.SetAgent(backend, server, up), cancellationToken);

    public Task EnableHealthAsync(string backend, string server, CancellationToken cancellationToken) =>
        RunAsync(HaproxyCommand.EnableHealth(backend, server), cancellationToken);

    public Task EnableAgentAsync(string backend, string server, CancellationToken cancellationToken) =>
        RunAsync(HaproxyCommand.EnableAgent(backend, server), cancellationToken);

    /// <summary>
    /// Adds a server at runtime (HAProxy ≥ 2.5, dynamic algorithm) and brings it to <paramref name="state"/>; with an
    /// agent check, the agent is enabled too. Two round trips: the state is set only once the server surely exists,
    /// never on a same-named server that was already there.
    /// </summary>
    public async Task AddServerAsync(
        string backend, string server, IPAddress address, int port, int weight, HaproxyAdminState state,
        HaproxyAgentCheck? agent, CancellationToken cancellationToken)
    {
        await RunAsync(HaproxyCommand.AddServer(backend, server, address, port, weight, agent), cancellationToken);
        List<HaproxyCommand> then = [];
        if (agent is not null)
        {
            then.Add(HaproxyCommand.EnableAgent(backend, server));
        }

        if (state != HaproxyAdminState.Maint)
        {
            then.Add(HaproxyCommand.SetState(backend, server, state));
        }

        foreach (var result in await RunAsync(then, cancellationToken))
        {
            result.ThrowIfFailed();
        }
    }

    /// <summary>
    /// Deletes a server safely: stops its agent (which could take it out of maintenance), puts it in maintenance,
    /// shuts its sessions down, deletes it; while HAProxy still counts connections on it, shuts them down again and
    /// retries, <see cref="DeleteAttempts"/> times <see cref="DeleteRetryDelay"/> apart, then gives up with HAProxy's
    /// message. A missing server is a <see cref="HaproxyRuntimeException"/> whose <see cref="HaproxyRuntimeException.IsNotFound"/> is true.
    /// </summary>
    public async Task DeleteServerAsync(string backend, string server, CancellationToken cancellationToken)
    {
        var delete = HaproxyCommand.DeleteServer(backend, server);
        var shutdown = HaproxyCommand.ShutdownSessions(backend, server);
        var results = await RunAsync(
            [HaproxyCommand.DisableAgent(backend, server), HaproxyCommand.SetState(backend, server, HaproxyAdminState.Maint), shutdown, delete],
            cancellationToken);
        results[0].ThrowIfFailed();
        results[1].ThrowIfFailed();
        var last = results[3];
        for (var attempt = 1; attempt < DeleteAttempts && !last.Succeeded && last.Answer == StillHasConnections; attempt++)
        {
            await Task.Delay(DeleteRetryDelay, _timeProvider, cancellationToken);
            last = (await RunAsync([shutdown, delete], cancellationToken))[1];
        }

        last.ThrowIfFailed();
    }
}
