namespace Vitals.Server.Dialects.Huawei.Signing;

/// <summary>Clock and replay limits of the Huawei AK/SK signature (<c>SDK-HMAC-SHA256</c>).</summary>
internal sealed class HuaweiSignatureOptions
{
    /// <summary>How far <c>X-Sdk-Date</c> may be from server time, either way.</summary>
    /// <value>15 minutes, as Huawei's API gateway allows.</value>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most signatures remembered per AK (replay refusal); past it the oldest is forgotten first.</summary>
    /// <value>100,000 (an AK signing 50 requests/s for the whole 30-minute memory fits).</value>
    public int MaxSignaturesPerKey { get; set; } = 100_000;
}
