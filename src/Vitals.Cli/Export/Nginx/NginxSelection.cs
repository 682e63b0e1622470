namespace Vitals.Cli.Export.Nginx;

/// <summary>What to export: one pool or all, which context, and whether listeners are wanted (<c>--standalone</c>).</summary>
/// <param name="Pool">A pool's id or name, or null for every pool.</param>
/// <param name="Context">The context asked for with <c>--context</c>, or null (then the named pool's, else http).</param>
/// <param name="Standalone">A whole nginx.conf: both contexts and the listeners.</param>
internal sealed record NginxSelection(string? Pool, NginxContext? Context, bool Standalone);
