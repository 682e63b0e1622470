namespace Vitals.Control.Demo;

/// <summary>What a newcomer needs to explore the demo project: its token and the ids to ask about.</summary>
/// <param name="ProjectId">The demo project.</param>
/// <param name="Token">Its bearer token (fixed, so the README can show it).</param>
/// <param name="Listeners">Listener name → id (<c>web</c>, <c>tcp</c>, <c>grpc</c>).</param>
/// <param name="Members">Member name → id (<c>web-1</c>, <c>web-500</c>, ...).</param>
public sealed record DemoInfo(
    string ProjectId,
    string Token,
    IReadOnlyDictionary<string, string> Listeners,
    IReadOnlyDictionary<string, string> Members);
