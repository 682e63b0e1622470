namespace Vitals.Cli.Export.Nginx;

/// <summary>A listener whose default pool is exported: a <c>server { listen … }</c> block of <c>--standalone</c>.</summary>
/// <param name="Id">The listener.</param>
/// <param name="Name">Its name (its id when it has none).</param>
/// <param name="Protocol">Its protocol (TCP, UDP, TCPSSL, HTTP, HTTPS).</param>
/// <param name="Port">Its port.</param>
/// <param name="AdminStateUp">False when switched off.</param>
/// <param name="Upstream">The upstream of its default pool.</param>
internal sealed record NginxListener(string Id, string Name, string Protocol, int Port, bool AdminStateUp, NginxUpstream Upstream);
