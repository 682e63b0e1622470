using System.Diagnostics;
using System.Text;

namespace Vitals.Cli.Tests.Support;

/// <summary>
/// A long-running <c>vitals</c> command (<c>export nginx --watch</c>) in this process, its output readable while it
/// runs; <see cref="StopAsync"/> cancels it as Ctrl+C would. Ended after 3 minutes whatever happens.
/// </summary>
public sealed class BackgroundCli : IAsyncDisposable
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _run;

    public BackgroundCli(params string[] args)
    {
        _out = TextWriter.Synchronized(new StringWriter(_stdout));
        _err = TextWriter.Synchronized(new StringWriter(_stderr));
        _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _stop.CancelAfter(TimeSpan.FromMinutes(3));
        _run = Task.Run(() => CliApp.RunAsync(args, _out, _err, handleSignals: false, _stop.Token));
    }

    public string Stdout
    {
        get
        {
            lock (_out)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_err)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for stdout (polled every 50 ms, at most <paramref name="timeout"/>).</summary>
    public async Task WaitForStdoutAsync(Func<string, bool> done, TimeSpan timeout, string what)
    {
        var started = Stopwatch.StartNew();
        while (!done(Stdout))
        {
            if (_run.IsCompleted)
            {
                Assert.Fail($"the command ended ({await _run}) before {what}:\n{Stdout}\n{Stderr}");
            }

            if (started.Elapsed > timeout)
            {
                Assert.Fail($"no {what} within {timeout.TotalSeconds} s:\n{Stdout}\n{Stderr}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for stderr (polled every 50 ms, at most <paramref name="timeout"/>).</summary>
    public async Task WaitForStderrAsync(Func<string, bool> done, TimeSpan timeout, string what)
    {
        var started = Stopwatch.StartNew();
        while (!done(Stderr))
        {
            if (_run.IsCompleted || started.Elapsed > timeout)
            {
                Assert.Fail($"no {what} within {timeout.TotalSeconds} s:\n{Stdout}\n{Stderr}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Cancels the command as Ctrl+C would; its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await _stop.CancelAsync();
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                // the test has already failed
            }
        }

        _stop.Dispose();
    }
}
