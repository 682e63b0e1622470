namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>Clock and replay limits shared by both Alibaba signature schemes.</summary>
internal sealed class AlibabaSignatureOptions
{
    /// <summary>How far a request timestamp may be from server time, either way.</summary>
    /// <value>15 minutes, as Alibaba documents.</value>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most nonces remembered per AccessKey; past it the oldest is forgotten first.</summary>
    /// <value>100,000 (a key signing 50 requests/s for the whole 30-minute memory fits).</value>
    public int MaxNoncesPerKey { get; set; } = 100_000;
}
