using System.Diagnostics;

namespace Vitals.Cli.Tests.Export;

/// <summary>
/// A client sending GET requests one after another (10 ms apart) and recording each answer; bounded to 10,000 requests
/// and 2 minutes.
/// </summary>
internal sealed class TrafficLoop : IAsyncDisposable
{
    private const int MaxRequests = 10_000;
    private static readonly TimeSpan MaxRun = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http;
    private readonly string _url;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Answer> _answers = [];
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;

    public TrafficLoop(HttpClient http, string url)
    {
        _http = http;
        _url = url;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>One request: when it started (since the loop began), the status (0 when it failed) and the body or the error.</summary>
    public sealed record Answer(TimeSpan Start, int Status, string Body);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The answers to requests started from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public List<Answer> Between(TimeSpan from, TimeSpan to)
    {
        lock (_answers)
        {
            return _answers.Where(r => r.Start >= from && r.Start <= to).ToList();
        }
    }

    /// <summary>Waits for an answer matching <paramref name="match"/> (at most 20 s).</summary>
    public async Task<Answer> WaitForAsync(Func<Answer, bool> match, string what)
    {
        var waited = Stopwatch.StartNew();
        var seen = 0;
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            lock (_answers)
            {
                for (; seen < _answers.Count; seen++)
                {
                    if (match(_answers[seen]))
                    {
                        return _answers[seen];
                    }
                }
            }

            Assert.False(_loop.IsCompleted, $"the traffic loop ended before {what}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"no answer {what} within 20 s");
    }

    /// <summary>Stops the loop; every answer.</summary>
    public async Task<List<Answer>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return Between(TimeSpan.Zero, TimeSpan.MaxValue);
    }

    private async Task RunAsync()
    {
        for (var i = 0; i < MaxRequests && _clock.Elapsed < MaxRun && !_stop.IsCancellationRequested; i++)
        {
            var start = _clock.Elapsed;
            Answer answer;
            try
            {
                using var response = await _http.GetAsync(_url, _stop.Token);
                answer = new Answer(start, (int)response.StatusCode, (await response.Content.ReadAsStringAsync(_stop.Token)).Trim());
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                answer = new Answer(start, 0, e.Message);
            }

            lock (_answers)
            {
                _answers.Add(answer);
            }

            try
            {
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
