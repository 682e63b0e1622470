namespace Vitals.Cli.Export.Nginx;

/// <summary>What <c>vitals export nginx</c> writes, read from the server once: the upstreams, and the listeners for <c>--standalone</c>.</summary>
/// <param name="Upstreams">Every exported pool, in the rotation's order (by pool id).</param>
/// <param name="Listeners">Listeners whose default pool is exported (empty unless asked for).</param>
/// <param name="Skipped">Pools nginx cannot proxy (IP pools), as comment lines.</param>
internal sealed record NginxFleet(IReadOnlyList<NginxUpstream> Upstreams, IReadOnlyList<NginxListener> Listeners, IReadOnlyList<string> Skipped);
