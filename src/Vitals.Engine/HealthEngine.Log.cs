using Microsoft.Extensions.Logging;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Probes;

namespace Vitals.Engine;

public sealed partial class HealthEngine
{
    private void LogEvent(MemberEntry member, HealthEvent healthEvent)
    {
        var target = member.TargetText;
        if (healthEvent.Transition is { } t)
        {
            switch (t.To)
            {
                case HealthState.Healthy:
                    Log.MemberHealthy(_logger, healthEvent.MemberId, target, t.From, t.Cause);
                    break;
                case HealthState.Unhealthy:
                    var status = t.Evidence.Count > 0 ? t.Evidence[^1].CheckStatus : null;
                    Log.MemberUnhealthy(_logger, healthEvent.MemberId, target, t.From, t.Cause, t.Reason.ToWire(), status);
                    break;
                default:
                    Log.MemberStateChanged(_logger, healthEvent.MemberId, target, t.From, t.To, t.Cause);
                    break;
            }
        }

        if (healthEvent.FlappingNow is { } flapping)
        {
            if (flapping)
            {
                Log.MemberFlapping(_logger, healthEvent.MemberId, target);
            }
            else
            {
                Log.MemberSettled(_logger, healthEvent.MemberId, target);
            }
        }
    }

    /// <summary>Engine log events: ids 2001.. with fixed names, a public contract (tested for uniqueness).</summary>
    internal static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Information, "Member {MemberId} ({Target}) is Healthy (was {From}, by {Cause})",
            EventName = "MemberHealthy")]
        public static partial void MemberHealthy(ILogger logger, string memberId, string target, HealthState from,
            TransitionCause cause);

        [LoggerMessage(2002, LogLevel.Warning,
            "Member {MemberId} ({Target}) is Unhealthy (was {From}, by {Cause}): {Reason} {CheckStatus}",
            EventName = "MemberUnhealthy")]
        public static partial void MemberUnhealthy(ILogger logger, string memberId, string target, HealthState from,
            TransitionCause cause, string? reason, string? checkStatus);

        [LoggerMessage(2003, LogLevel.Information, "Member {MemberId} ({Target}) is {To} (was {From}, by {Cause})",
            EventName = "MemberStateChanged")]
        public static partial void MemberStateChanged(ILogger logger, string memberId, string target, HealthState from,
            HealthState to, TransitionCause cause);

        [LoggerMessage(2004, LogLevel.Warning, "Member {MemberId} ({Target}) is flapping", EventName = "MemberFlapping")]
        public static partial void MemberFlapping(ILogger logger, string memberId, string target);

        [LoggerMessage(2005, LogLevel.Information, "Member {MemberId} ({Target}) stopped flapping",
            EventName = "MemberSettled")]
        public static partial void MemberSettled(ILogger logger, string memberId, string target);

        [LoggerMessage(2006, LogLevel.Warning,
            "Checker overloaded: {SkippedLate} checks skipped as too late and {SkippedUnderLag} timeouts discarded under " +
            "checker lag in the last {WindowSeconds} s (start lag p99 {LagP99Ms} ms, worst tick lag {TickLagMaxMs} ms); " +
            "targets were not blamed", EventName = "ChecksSkipped")]
        public static partial void ChecksSkipped(ILogger logger, long skippedLate, long skippedUnderLag,
            double windowSeconds, double lagP99Ms, double tickLagMaxMs);

        [LoggerMessage(2007, LogLevel.Debug, "Check {Target}: {Outcome} {Reason} {CheckCode}", EventName = "ProbeCompleted")]
        public static partial void ProbeCompleted(ILogger logger, ProbeTarget target, ProbeOutcome outcome,
            ReasonCode reason, CheckCode checkCode);

        [LoggerMessage(2008, LogLevel.Debug, "Check {Target}: {Reason} discarded, the checker itself stalled meanwhile",
            EventName = "TimeoutDiscarded")]
        public static partial void TimeoutDiscarded(ILogger logger, ProbeTarget target, ReasonCode reason);

        [LoggerMessage(2009, LogLevel.Error, "Check {Target}: the prober threw instead of returning a result",
            EventName = "ProbeFaulted")]
        public static partial void ProbeFaulted(ILogger logger, ProbeTarget target, Exception exception);

        [LoggerMessage(2010, LogLevel.Error, "A health event handler failed for member {MemberId}",
            EventName = "HandlerFailed")]
        public static partial void HandlerFailed(ILogger logger, string memberId, Exception exception);

        [LoggerMessage(2011, LogLevel.Error, "The scheduler tick failed", EventName = "TickFailed")]
        public static partial void TickFailed(ILogger logger, Exception exception);

        [LoggerMessage(2012, LogLevel.Information, "Health engine started: tick {TickMs} ms, at most {MaxInFlight} checks in flight",
            EventName = "EngineStarted")]
        public static partial void Started(ILogger logger, double tickMs, int maxInFlight);

        [LoggerMessage(2013, LogLevel.Information, "Health engine stopped after {Checks} checks", EventName = "EngineStopped")]
        public static partial void Stopped(ILogger logger, long checks);

        [LoggerMessage(2014, LogLevel.Warning,
            "Check {Target} (prober {Prober}) abandoned by the watchdog: no result {ElapsedSeconds} s " +
            "after it started (timeout {TimeoutSeconds} s); recorded as a timeout, the target is checked again",
            EventName = "CheckAbandoned")]
        public static partial void CheckAbandoned(ILogger logger, ProbeTarget target, string prober, double elapsedSeconds,
            double timeoutSeconds);

        [LoggerMessage(2015, LogLevel.Debug, "Check {Target}: late result {Outcome} {Reason} ignored, the watchdog had abandoned it",
            EventName = "LateResultIgnored")]
        public static partial void LateResultIgnored(ILogger logger, ProbeTarget target, ProbeOutcome outcome,
            ReasonCode reason);

        [LoggerMessage(2016, LogLevel.Warning,
            "Health engine stopped with {InFlight} checks still running {WaitSeconds} s after they were cancelled; not waiting for them",
            EventName = "StopAbandonedChecks")]
        public static partial void StopAbandonedChecks(ILogger logger, int inFlight, double waitSeconds);
    }
}
