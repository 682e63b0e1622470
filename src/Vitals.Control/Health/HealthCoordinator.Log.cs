namespace Vitals.Control.Health;

internal sealed partial class HealthCoordinator
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, EventName = "HealthLoaded", Level = LogLevel.Information,
            Message = "Health checks resumed for {Members} members ({Restored} from their saved state) in {ElapsedMs:F0} ms")]
        public static partial void Loaded(ILogger logger, int members, int restored, double elapsedMs);

        [LoggerMessage(EventId = 4101, EventName = "HealthChangeFailed", Level = LogLevel.Error,
            Message = "Could not apply the change of {Kind} {Id} to the health engine")]
        public static partial void ChangeFailed(ILogger logger, string kind, string id, Exception exception);

        [LoggerMessage(EventId = 4102, EventName = "MemberTargetDenied", Level = LogLevel.Warning,
            Message = "Member {MemberId} is not checked: {Refusal}")]
        public static partial void TargetDenied(ILogger logger, string memberId, string refusal);
    }
}
