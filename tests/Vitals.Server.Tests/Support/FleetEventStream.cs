using System.Text.Json;
using System.Threading.Channels;

namespace Vitals.Server.Tests.Support;

/// <summary>Reads <c>GET /api/v1/events</c> in the background, one (event, data) pair per server-sent event.</summary>
public sealed class FleetEventStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(string Event, JsonElement Data)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;

    private FleetEventStream(HttpResponseMessage response)
    {
        _response = response;
        _reading = ReadAsync();
    }

    public string ContentType => _response.Content.Headers.ContentType?.MediaType ?? "";

    /// <summary>Completes when the server ends the stream (or this reader is disposed).</summary>
    public Task Completion => _reading;

    public static async Task<FleetEventStream> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return new FleetEventStream(response);
    }

    /// <summary>The next event matching <paramref name="match"/> (others are skipped); fails after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextAsync(string name, Func<JsonElement, bool> match, TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var (eventName, data) = await _events.Reader.ReadAsync(limit.Token);
                if (eventName == name && match(data))
                {
                    return data;
                }
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Assert.Fail($"no '{name}' event matched within {timeout.TotalSeconds} s");
            return default;
        }
    }

    /// <summary>Every event received so far, without waiting.</summary>
    public IReadOnlyList<(string Event, JsonElement Data)> Drain()
    {
        var all = new List<(string, JsonElement)>();
        while (_events.Reader.TryRead(out var item))
        {
            all.Add(item);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(body);
            string? name = null;
            string? data = null;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (name is not null && data is not null)
                    {
                        _events.Writer.TryWrite((name, JsonDocument.Parse(data).RootElement.Clone()));
                    }

                    (name, data) = (null, null);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
            // the test closed the stream
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }
}
