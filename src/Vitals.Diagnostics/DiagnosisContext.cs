using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Diagnostics.Sampling;
using Vitals.Probes;

namespace Vitals.Diagnostics;

/// <summary>
/// One diagnosis in progress: the request, the clock and budget, the evidence gathered so far (shared between checks
/// so that no probe runs twice), and the findings and not-checked notes. Every probe goes through here, so none can
/// outlive the budget.
/// </summary>
internal sealed class DiagnosisContext
{
    /// <summary>Below this much time left a probe is not started: its answer could not mean anything.</summary>
    private static readonly TimeSpan MinProbeTime = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a raw connect waits for the server to reset or speak after the handshake.</summary>
    private static readonly TimeSpan MaxHold = TimeSpan.FromMilliseconds(200);

    private readonly IProber _prober;
    private readonly long _start;
    private readonly List<Finding> _findings = [];
    private readonly List<string> _notChecked = [];

    public DiagnosisContext(DiagnosisRequest request, IProber prober, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Request = request;
        _prober = prober;
        TimeProvider = timeProvider;
        CancellationToken = cancellationToken;
        _start = timeProvider.GetTimestamp();
        CheckEndPoint = new IPEndPoint(request.Address, request.CheckPort);
    }

    public DiagnosisRequest Request { get; }

    public HealthMonitorSpec Spec => Request.Spec;

    public TimeProvider TimeProvider { get; }

    public CancellationToken CancellationToken { get; }

    public IPEndPoint CheckEndPoint { get; }

    /// <summary>Raw TCP connects to the check port (empty for UDP checks or when there was no time).</summary>
    public List<TcpSample> CheckPortSamples { get; } = [];

    /// <summary>Raw TCP connects to the backend (serving) port, when it differs from the check port.</summary>
    public List<TcpSample> ServingPortSamples { get; } = [];

    /// <summary>The most common outcome of <see cref="CheckPortSamples"/>, failures winning ties; null when none ran.</summary>
    public TcpOutcome? CheckPortOutcome { get; set; }

    /// <summary>True when layers 1-4 failed, so application-level checks cannot succeed and are skipped.</summary>
    public bool TransportFailed { get; set; }

    /// <summary>Samples of the configured health check itself.</summary>
    public List<ProbeResult> CheckResults { get; } = [];

    /// <summary>True once any probe had to be cut short (or skipped) because the budget ran out.</summary>
    public bool BudgetExhausted { get; private set; }

    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(_start);

    public TimeSpan TimeLeft => Request.Budget - Elapsed;

    public IReadOnlyList<Finding> Findings => _findings;

    public IReadOnlyList<string> NotCheckedNotes => _notChecked;

    public void Add(Finding finding)
    {
        if (!Has(finding.Cause))
        {
            _findings.Add(finding);
        }
    }

    public bool Has(string cause) => _findings.Exists(f => f.Cause == cause);

    public void Remove(string cause) => _findings.RemoveAll(f => f.Cause == cause);

    public void NotChecked(string note)
    {
        if (!_notChecked.Contains(note))
        {
            _notChecked.Add(note);
        }
    }

    /// <summary>Notes that <paramref name="what"/> did not run because the budget ran out.</summary>
    public void OutOfTime(string what)
    {
        BudgetExhausted = true;
        NotChecked($"{what}: not run, the {Seconds(Request.Budget)} s budget ran out");
    }

    /// <summary>Up to <paramref name="count"/> raw connects to <paramref name="port"/>, spaced; fewer when time runs out.</summary>
    public Task<List<TcpSample>> ConnectAsync(int port, int count, string what)
        => ConnectAsync(new IPEndPoint(Request.Address, port), count, what);

    /// <summary>Up to <paramref name="count"/> raw connects to <paramref name="endPoint"/>, spaced; fewer when time runs out.</summary>
    public async Task<List<TcpSample>> ConnectAsync(IPEndPoint endPoint, int count, string what)
    {
        var samples = new List<TcpSample>(count);
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && !await SpaceAsync())
            {
                break;
            }

            var left = TimeLeft;
            if (left < MinProbeTime)
            {
                OutOfTime(what);
                break;
            }

            var timeout = Cap(Spec.TimeoutSpan, left);
            var hold = Cap(MaxHold, left - timeout);
            samples.Add(await TcpConnectProbe.RunAsync(endPoint, timeout, hold, TimeProvider, CancellationToken));
        }

        return samples;
    }

    /// <summary>Up to <paramref name="count"/> runs of <paramref name="spec"/> against <paramref name="port"/>, spaced.</summary>
    public async Task<List<ProbeResult>> ProbeAsync(HealthMonitorSpec spec, int port, int count, string what)
    {
        var results = new List<ProbeResult>(count);
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && !await SpaceAsync())
            {
                break;
            }

            var left = TimeLeft;
            if (left < MinProbeTime)
            {
                OutOfTime(what);
                break;
            }

            var timeout = Cap(spec.TimeoutSpan, left);
            if (timeout < spec.TimeoutSpan)
            {
                BudgetExhausted = true;
                NotChecked($"{what}: the last sample had only {Millis(timeout)} ms of the {spec.Timeout} s timeout left in the budget");
            }

            var target = new ProbeTarget(new IPEndPoint(Request.Address, port), spec, timeout, Request.GrpcOverTls);
            results.Add(await _prober.ProbeAsync(target, CancellationToken));
        }

        return results;
    }

    /// <summary>Waits the sample spacing; false when that would leave no time for the next sample.</summary>
    private async Task<bool> SpaceAsync()
    {
        var spacing = Request.SampleSpacing;
        if (TimeLeft - spacing < MinProbeTime)
        {
            return false;
        }

        if (spacing > TimeSpan.Zero)
        {
            await Task.Delay(spacing, TimeProvider, CancellationToken);
        }

        return true;
    }

    public string Format(int port) => Format(new IPEndPoint(Request.Address, port));

    public static string Format(IPEndPoint endPoint) => endPoint.AddressFamily == AddressFamily.InterNetworkV6
        ? string.Create(CultureInfo.InvariantCulture, $"[{endPoint.Address}]:{endPoint.Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{endPoint.Address}:{endPoint.Port}");

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Millis(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    private static TimeSpan Cap(TimeSpan wanted, TimeSpan left) => wanted < left ? wanted : (left > TimeSpan.Zero ? left : TimeSpan.Zero);
}
