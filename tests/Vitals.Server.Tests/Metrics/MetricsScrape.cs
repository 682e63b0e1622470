using System.Diagnostics;

namespace Vitals.Server.Tests.Metrics;

/// <summary>GETs <c>/metrics</c> and parses it strictly.</summary>
public sealed class MetricsScrape
{
    private MetricsScrape(string text, IReadOnlyList<ExpositionSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Text = text;
        Samples = samples;
        Types = types;
    }

    public string Text { get; }

    public IReadOnlyList<ExpositionSample> Samples { get; }

    public IReadOnlyDictionary<string, string> Types { get; }

    public static async Task<MetricsScrape> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET /metrics: {(int)response.StatusCode} {text}");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var (samples, types) = ExpositionParser.Parse(text);
        return new MetricsScrape(text, samples, types);
    }

    /// <summary>Scrapes every 100 ms until <paramref name="until"/> holds (bounded); fails with the last scrape.</summary>
    public static async Task<MetricsScrape> UntilAsync(HttpClient client, Func<MetricsScrape, bool> until)
    {
        var clock = Stopwatch.StartNew();
        MetricsScrape? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            last = await GetAsync(client);
            if (until(last))
            {
                return last;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"/metrics: condition not met within 20 s; last scrape:\n{last?.Text}");
        return last!;
    }

    /// <summary>The samples of <paramref name="name"/> whose <c>member</c> label is <paramref name="memberId"/>.</summary>
    public IReadOnlyList<ExpositionSample> OfMember(string name, string memberId) =>
        [.. Samples.Where(s => s.Name == name && s.Labels.TryGetValue("member", out var id) && id == memberId)];

    /// <summary>The single value of <paramref name="name"/> for the member; fails when there is not exactly one.</summary>
    public double MemberValue(string name, string memberId) => Assert.Single(OfMember(name, memberId)).Value;

    /// <summary>The member's state set as state → value.</summary>
    public IReadOnlyDictionary<string, double> StateSet(string memberId) =>
        OfMember("vitals_member_state", memberId).ToDictionary(s => s["state"], s => s.Value, StringComparer.Ordinal);

    public double PoolCount(string poolId, string state) =>
        Assert.Single(Samples, s => s.Name == "vitals_pool_members" && s["pool"] == poolId && s["state"] == state).Value;

    /// <summary>The single value of a per-pool family (no <c>state</c> label) for the pool.</summary>
    public double PoolValue(string name, string poolId) => Assert.Single(Samples, s => s.Name == name && s["pool"] == poolId).Value;

    public bool Has(string name) => Samples.Any(s => s.Name == name);
}
