namespace Vitals.Server.Dialects.Ovh.Signing;

internal sealed class OvhSignatureOptions
{
    /// <summary>How far <c>X-Ovh-Timestamp</c> may be from server time, either way.</summary>
    /// <value>300 seconds (OVH does not publish its tolerance; clients correct their clock with <c>/auth/time</c>).</value>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Also accept a signature over the URL that keeps the <c>:port</c> of the Host header.</summary>
    /// <value>True: node-ovh signs without the port, other clients may not.</value>
    public bool AcceptUrlWithPort { get; set; } = true;
}
