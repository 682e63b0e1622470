namespace Vitals.Cli.Client;

/// <summary><c>GET /api/v1/members/{id}/history</c>: stored transitions and in-memory results, newest first.</summary>
internal sealed record MemberHistory(string MemberId, IReadOnlyList<TransitionView> Transitions, IReadOnlyList<ResultView> Results);
