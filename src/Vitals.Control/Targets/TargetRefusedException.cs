using Vitals.Core.Targets;

namespace Vitals.Control.Targets;

/// <summary>
/// A connection the <see cref="TargetGuard"/> would not open: every address the host name resolved to is denied by the
/// target policy. Thrown from the connect callback, so <see cref="HttpClient"/> reports it as the inner exception of an
/// <see cref="HttpRequestException"/>.
/// </summary>
public sealed class TargetRefusedException : IOException
{
    public TargetRefusedException()
    {
    }

    public TargetRefusedException(string message)
        : base(message)
    {
    }

    public TargetRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The first refused address's verdict, naming the rule.</summary>
    public TargetVerdict? Verdict { get; init; }
}
