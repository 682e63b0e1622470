using Vitals.Core.Health;

namespace Vitals.Storage;

/// <summary>A transition of one member, to append to its history.</summary>
public sealed record MemberTransition(string MemberId, HealthTransition Transition);
