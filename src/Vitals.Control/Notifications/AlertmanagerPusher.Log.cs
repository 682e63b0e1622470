namespace Vitals.Control.Notifications;

internal sealed partial class AlertmanagerPusher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4940, EventName = "AlertmanagerPushStarted", Level = LogLevel.Information,
            Message = "Pushing alerts to {Count} Alertmanager(s) ({Urls}), re-sent every {IntervalSeconds} s")]
        public static partial void Started(ILogger logger, int count, string urls, double intervalSeconds);

        [LoggerMessage(EventId = 4941, EventName = "AlertmanagerFailing", Level = LogLevel.Warning,
            Message = "Alertmanager {Endpoint} does not take alerts: {Error}; retrying every round")]
        public static partial void Failing(ILogger logger, Uri endpoint, string error);

        [LoggerMessage(EventId = 4942, EventName = "AlertmanagerRecovered", Level = LogLevel.Information,
            Message = "Alertmanager {Endpoint} takes alerts again")]
        public static partial void Recovered(ILogger logger, Uri endpoint);

        [LoggerMessage(EventId = 4943, EventName = "AlertmanagerRoundFailed", Level = LogLevel.Error,
            Message = "The Alertmanager push failed a round; it starts over with every pool")]
        public static partial void RoundFailed(ILogger logger, Exception exception);
    }
}
