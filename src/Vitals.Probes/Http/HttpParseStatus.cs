namespace Vitals.Probes.Http;

internal enum HttpParseStatus : byte
{
    /// <summary>The head is not complete yet and nothing seen so far is wrong.</summary>
    NeedMore,

    Complete,

    /// <summary>Not an HTTP/1.x answer: bad status line, bad header line or conflicting lengths.</summary>
    Invalid,
}
