using System.Net;
using System.Net.Sockets;

namespace Vitals.Control.Traffic;

public sealed partial class AgentResponder
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4860, EventName = "AgentListening", Level = LogLevel.Information,
            Message = "Agent check responder listening on {EndPoint} (unauthenticated: loopback or a private network only)")]
        public static partial void Listening(ILogger logger, IPEndPoint endPoint);

        [LoggerMessage(EventId = 4861, EventName = "AgentUnknownMember", Level = LogLevel.Debug,
            Message = "Agent check for unknown member '{MemberId}': answered unknown-member (HAProxy's agent-send names no member of Vitals)")]
        public static partial void UnknownMember(ILogger logger, string memberId);

        [LoggerMessage(EventId = 4862, EventName = "AgentRequestTooLong", Level = LogLevel.Debug,
            Message = "Agent check request without an end of line within its size limit: answered unknown-member")]
        public static partial void Oversize(ILogger logger);

        [LoggerMessage(EventId = 4863, EventName = "AgentAcceptFailed", Level = LogLevel.Warning,
            Message = "Agent check responder could not accept a connection ({Error}); retrying")]
        public static partial void AcceptFailed(ILogger logger, SocketError error);

        [LoggerMessage(EventId = 4864, EventName = "AgentConnectionFailed", Level = LogLevel.Debug,
            Message = "Agent check connection failed ({Error})")]
        public static partial void ConnectionFailed(ILogger logger, SocketError error);
    }
}
