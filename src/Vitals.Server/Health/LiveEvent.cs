namespace Vitals.Server.Health;

/// <summary>One server-sent event, serialised once and shared by every subscriber that sees it.</summary>
/// <param name="Name">The SSE <c>event:</c> name (<c>transition</c>, <c>flapping</c>, <c>warning</c>).</param>
/// <param name="Data">The JSON of its <c>data:</c> line.</param>
internal readonly record struct LiveEvent(string Name, string Data);
