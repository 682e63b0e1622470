using System.Net;
using Vitals.Core.Probing;
using Vitals.Probes;
using Vitals.Testing;

namespace Vitals.Engine.Tests;

/// <summary>
/// A prober whose answers the test decides. By default it answers at once (synchronously) with
/// <see cref="Answer"/>; with <see cref="Hold"/> set it leaves each check running until the test completes it.
/// Records every start with its timestamp.
/// </summary>
internal sealed class FakeProber(EngineClock clock) : IProber
{
    private readonly Lock _lock = new();
    private readonly List<(IPEndPoint EndPoint, double AtSeconds)> _starts = [];
    private readonly List<(ProbeTarget Target, TaskCompletionSource<ProbeResult> Source)> _pending = [];

    /// <summary>What a synchronous check returns; a pass unless changed.</summary>
    public Func<ProbeTarget, ProbeResult> Answer { get; set; } = _ => Pass(clock);

    /// <summary>When true, checks stay running until <see cref="Complete"/> is called.</summary>
    public bool Hold { get; set; }

    /// <summary>Held checks ignore cancellation too: a prober that neither completes nor stops when told.</summary>
    public bool IgnoreCancellation { get; set; }

    /// <summary>Holds only the checks it selects (when <see cref="Hold"/> is false): a stuck target among healthy ones.</summary>
    public Func<ProbeTarget, bool>? HoldWhen { get; set; }

    public int Calls
    {
        get
        {
            lock (_lock)
            {
                return _starts.Count;
            }
        }
    }

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public List<(IPEndPoint EndPoint, double AtSeconds)> Starts
    {
        get
        {
            lock (_lock)
            {
                return [.. _starts];
            }
        }
    }

    public List<double> StartsOf(IPEndPoint endPoint)
    {
        var result = new List<double>();
        foreach (var (ep, at) in Starts)
        {
            if (ep.Equals(endPoint))
            {
                result.Add(at);
            }
        }

        return result;
    }

    public ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _starts.Add((target.EndPoint, clock.Seconds));
            if (!Hold && HoldWhen?.Invoke(target) != true)
            {
                return ValueTask.FromResult(Answer(target));
            }

            // Continuations run inline in SetResult, so a test's Complete() feeds the engine before it returns.
            var source = new TaskCompletionSource<ProbeResult>();
            if (!IgnoreCancellation)
            {
                cancellationToken.Register(static s => ((TaskCompletionSource<ProbeResult>)s!).TrySetCanceled(), source);
            }

            _pending.Add((target, source));
            return new ValueTask<ProbeResult>(source.Task);
        }
    }

    /// <summary>Completes every running check with <paramref name="result"/>; returns how many.</summary>
    public int Complete(ProbeResult result)
    {
        List<(ProbeTarget, TaskCompletionSource<ProbeResult> Source)> pending;
        lock (_lock)
        {
            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (var item in pending)
        {
            item.Source.TrySetResult(result);
        }

        return pending.Count;
    }

    /// <summary>Completes only the oldest running check with <paramref name="result"/>; false when none runs.</summary>
    public bool CompleteOldest(ProbeResult result)
    {
        TaskCompletionSource<ProbeResult> source;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return false;
            }

            source = _pending[0].Source;
            _pending.RemoveAt(0);
        }

        source.TrySetResult(result);
        return true;
    }

    public static ProbeResult Pass(TimeProvider clock)
        => ProbeResult.Pass(CheckCode.L4Ok, new ProbeTimings(100, -1, -1, 100), clock.GetUtcNow());

    public static ProbeResult Fail(TimeProvider clock, ReasonCode reason = ReasonCode.ConnectFailed)
    {
        var code = reason switch
        {
            ReasonCode.ConnectTimeout => CheckCode.L4Tout,
            ReasonCode.RecvResponseTimeout => CheckCode.L7Tout,
            ReasonCode.TlsHandshakeTimeout => CheckCode.L6Tout,
            _ => CheckCode.L4Con,
        };
        return ProbeResult.Fail(reason, code, ProbeTimings.None, clock.GetUtcNow(), detail: "fake");
    }
}
