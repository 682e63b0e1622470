namespace Vitals.Probes.Http;

/// <summary>What the prober needs from a parsed status line and header block.</summary>
internal readonly record struct HttpResponseHead(int StatusCode, int ReasonStart, int ReasonLength, int Length,
    long ContentLength, bool Chunked)
{
    /// <summary>True for interim answers (100 Continue, 103 Early Hints) that a final answer follows.</summary>
    public bool IsInterim => StatusCode is >= 100 and < 200 && StatusCode != 101;
}
