using Vitals.Storage;

namespace Vitals.Control.Cluster;

internal sealed partial class ChangeFollower
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4400, EventName = "ClusterFollowing", Level = LogLevel.Information,
            Message = "Node {NodeId} follows the other nodes' changes from seq {Position}")]
        public static partial void Following(ILogger logger, string nodeId, long position);

        [LoggerMessage(EventId = 4401, EventName = "ClusterChangeApplying", Level = LogLevel.Debug,
            Message = "Applying {Op} of {Kind} {Id} from node {Origin} (seq {Seq})")]
        public static partial void Applying(ILogger logger, ChangeOp op, ChangeKind kind, string id, string origin, long seq);

        [LoggerMessage(EventId = 4402, EventName = "ClusterFollowFailed", Level = LogLevel.Warning,
            Message = "Reading the other nodes' changes after seq {Position} failed; retrying")]
        public static partial void FollowFailed(ILogger logger, Exception exception, long position);

        [LoggerMessage(EventId = 4403, EventName = "ClusterReloaded", Level = LogLevel.Warning,
            Message = "Changes after seq {Position} were pruned before this node read them: reloaded the whole fleet (now at seq {Latest})")]
        public static partial void Reloaded(ILogger logger, long position, long latest);

        [LoggerMessage(EventId = 4404, EventName = "ClusterChangesPruned", Level = LogLevel.Debug,
            Message = "Pruned {Count} changes older than the retention")]
        public static partial void Pruned(ILogger logger, int count);
    }
}
