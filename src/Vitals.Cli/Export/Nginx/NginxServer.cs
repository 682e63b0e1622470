namespace Vitals.Cli.Export.Nginx;

/// <summary>One member as an nginx <c>server</c> line of its pool's upstream.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Name">Its name (its id when it has none).</param>
/// <param name="Endpoint"><c>ADDR:PORT</c>, an IPv6 address in brackets.</param>
/// <param name="Weight">nginx's <c>weight</c>: the member's weight, at least 1 (nginx refuses 0; a drained member is <c>down</c>).</param>
/// <param name="Rotation">Vitals' rotation: <c>ready</c>, <c>down</c>, <c>drain</c>, <c>maint</c> or <c>unknown</c>.</param>
/// <param name="KeptByPanic">Ready only because its pool is in panic: its checks fail.</param>
/// <param name="ReasonCode">Why it is down (or failing while kept).</param>
internal sealed record NginxServer(string MemberId, string Name, string Endpoint, int Weight, string Rotation, bool KeptByPanic, string? ReasonCode)
{
    /// <summary>
    /// Takes traffic in nginx: ready, and unknown (no verdict yet), which nginx's own default (a server takes traffic
    /// until shown bad) leaves in; down, drain and maint are written <c>down</c>.
    /// </summary>
    public bool InRotation => Rotation is "ready" or "unknown";
}
