namespace Vitals.Core.Notifications;

/// <summary>The outcome of <see cref="WebhookSignature.Verify"/>.</summary>
public enum SignatureCheck : byte
{
    /// <summary>A <c>v1</c> value matches the body and the timestamp is within the tolerance.</summary>
    Valid,

    /// <summary>The header is missing or not <c>t=&lt;seconds&gt;,v1=&lt;hex&gt;[,v1=…]</c>.</summary>
    Malformed,

    /// <summary>The timestamp is further from now than the tolerance (a replay, or a clock far off).</summary>
    OutsideTolerance,

    /// <summary>No <c>v1</c> value matches: wrong secret, or the body was changed.</summary>
    Mismatch,
}
