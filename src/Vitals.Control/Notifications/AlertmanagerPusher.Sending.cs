using System.Net.Http.Headers;
using System.Text.Json;

namespace Vitals.Control.Notifications;

internal sealed partial class AlertmanagerPusher
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    /// <summary>
    /// Sends the resolved alerts still due, then <paramref name="firing"/>, in chunks of
    /// <see cref="AlertmanagerOptions.BatchSize"/>, to every Alertmanager at once. A resolved alert is dropped once every
    /// Alertmanager took it, or after <see cref="ResolvedRounds"/> rounds.
    /// </summary>
    private async Task SendAsync(List<AlertmanagerAlert> firing, CancellationToken cancellationToken)
    {
        var alerts = new List<AlertmanagerAlert>(_resolved.Count + firing.Count);
        foreach (var (alert, _) in _resolved)
        {
            alerts.Add(alert);
        }

        alerts.AddRange(firing);
        if (alerts.Count == 0)
        {
            return;
        }

        var bodies = new List<byte[]>();
        for (var at = 0; at < alerts.Count; at += _options.BatchSize)
        {
            var chunk = alerts.GetRange(at, Math.Min(_options.BatchSize, alerts.Count - at));
            bodies.Add(JsonSerializer.SerializeToUtf8Bytes(chunk, AlertmanagerJsonContext.Default.ListAlertmanagerAlert));
        }

        var pushes = new Task<bool>[_endpoints.Length];
        for (var i = 0; i < _endpoints.Length; i++)
        {
            pushes[i] = PushAsync(i, bodies, alerts.Count, cancellationToken);
        }

        var results = await Task.WhenAll(pushes);
        if (Array.TrueForAll(results, static ok => ok))
        {
            _resolved.Clear();
            return;
        }

        for (var i = _resolved.Count - 1; i >= 0; i--)
        {
            var (alert, rounds) = _resolved[i];
            if (rounds + 1 >= ResolvedRounds)
            {
                _resolved.RemoveAt(i);
            }
            else
            {
                _resolved[i] = (alert, rounds + 1);
            }
        }
    }

    /// <summary>Every chunk to one Alertmanager; false when one of them could not be delivered.</summary>
    private async Task<bool> PushAsync(int endpoint, List<byte[]> bodies, int count, CancellationToken cancellationToken)
    {
        foreach (var body in bodies)
        {
            if (await PostAsync(endpoint, body, cancellationToken) is { } error)
            {
                SetHealthy(endpoint, false, error);
                return false;
            }
        }

        Interlocked.Add(ref _sent, count);
        SetHealthy(endpoint, true, null);
        return true;
    }

    /// <summary>One chunk with a bounded retry (<see cref="AlertmanagerOptions.Attempts"/>, 0.5 s then doubling); null when accepted, else the last error.</summary>
    private async Task<string?> PostAsync(int endpoint, byte[] body, CancellationToken cancellationToken)
    {
        string? error = null;
        var backoff = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; attempt <= _options.Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(backoff, _time, cancellationToken);
                backoff *= 2;
            }

            using var deadline = new CancellationTokenSource(_options.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = s_json;
                using var response = await _client.PostAsync(_endpoints[endpoint], content, linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }

                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
                {
                    // Alertmanager refused the body itself: sending it again cannot help.
                    Interlocked.Increment(ref _errors);
                    return error;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"no answer within {_options.Timeout.TotalSeconds:0.###} s";
            }
            catch (HttpRequestException ex)
            {
                error = ex.InnerException?.Message ?? ex.Message;
            }

            Interlocked.Increment(ref _errors);
        }

        return error;
    }

    /// <summary>Logs only when an Alertmanager starts or stops failing, never per attempt.</summary>
    private void SetHealthy(int endpoint, bool healthy, string? error)
    {
        var was = _healthy[endpoint];
        _healthy[endpoint] = healthy;
        if (was == healthy)
        {
            return;
        }

        if (!healthy)
        {
            Log.Failing(_logger, _endpoints[endpoint], error ?? "");
        }
        else if (was is false)
        {
            Log.Recovered(_logger, _endpoints[endpoint]);
        }
    }
}
