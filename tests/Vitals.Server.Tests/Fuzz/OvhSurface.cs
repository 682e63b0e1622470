using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// OVH IPLB under <c>/1.0/ipLoadbalancing</c>: services, farms, servers, instance states, status, refresh and tasks, and the
/// server and farm writes, with path segments,
/// query and (rarely) a body mutated and then signed as node-ovh signs (<c>$1$</c> + SHA-1 of secret, consumer key,
/// method, URL, body, timestamp). A few requests keep a wrong signature, a stale or hostile timestamp, or no keys.
/// </summary>
internal sealed class OvhSurface(RecordingFleetObserver recorder, Uri baseAddress, string applicationKey, string secret, string consumerKey,
    IReadOnlyDictionary<string, string> ids) : IFuzzSurface
{
    private static readonly string[] Kinds = ["http", "tcp", "udp", "HTTP", "ssl"];

    public static async Task<OvhSurface> StartAsync(RunningServer server, RecordingFleetObserver recorder)
    {
        var (_, client) = await server.CreateProjectAsync("fuzz-ovh");
        using (client)
        {
            var ids = await FuzzFleet.CreateAsync(client);
            ids["farm"] = (await client.ApiGetAsync("/api/v1/pools/" + ids["pools"])).Body.GetProperty("numeric_id").GetInt64()
                .ToString(CultureInfo.InvariantCulture);
            ids["server"] = (await client.ApiGetAsync("/api/v1/members/" + ids["members"])).Body.GetProperty("numeric_id").GetInt64()
                .ToString(CultureInfo.InvariantCulture);
            var issued = await client.ApiPostAsync("/api/v1/ovh-credentials", new { description = "fuzz" });
            Assert.True((int)issued.Status == 201, issued.ToString());
            return new OvhSurface(recorder, server.BaseAddress, issued.Str("application_key"), issued.Str("application_secret"),
                issued.Str("consumer_key"), ids);
        }
    }

    public FuzzRequest Next(Random random)
    {
        var service = FuzzQuery.Id(random, ids["loadbalancers"]);
        var kind = random.Next(3) == 0 ? FuzzQuery.Hostile(random) : FuzzValues.Pick(random, Kinds);
        var farm = FuzzQuery.Id(random, ids["farm"]);
        var path = random.Next(11) switch
        {
            9 => $"/1.0/ipLoadbalancing/{service}",
            10 => $"/1.0/ipLoadbalancing/{service}/" + FuzzValues.Pick(random, ["status", "refresh", "task", "task/1", "availableFarmProbes", "ssl", "http/frontend"]),
            0 => "/1.0/ipLoadbalancing",
            1 => $"/1.0/ipLoadbalancing/{service}/instancesState",
            2 => $"/1.0/ipLoadbalancing/{service}/{kind}/farm",
            3 => $"/1.0/ipLoadbalancing/{service}/{kind}/farm/{farm}",
            4 => $"/1.0/ipLoadbalancing/{service}/{kind}/farm/{farm}/server",
            5 or 6 => $"/1.0/ipLoadbalancing/{service}/{kind}/farm/{farm}/server/{FuzzQuery.Id(random, ids["server"])}",
            7 => "/1.0/auth/time",
            _ => "/1.0/" + FuzzQuery.Hostile(random),
        };
        var target = path + FuzzQuery.Of(random, ["zone", "status", "address", "port", "farmId", "displayName", "cookie"]);
        var method = random.Next(6) == 0 ? FuzzValues.Pick(random, [HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete]) : HttpMethod.Get;
        // Writes: a server body, or a farm body with its probe.
        var template = random.Next(2) == 0
            ? new FuzzJson().Str("displayName", "x").Num("port", 80).Str("address", "127.0.0.1").Str("status", "inactive").Num("weight", 3)
                .Add("probe", "true").Add("backup", "false")
            : new FuzzJson().Str("displayName", "x").Str("balance", "leastconn").Add("probe", new FuzzJson().Str("type", "http").Num("interval", 30)
                .Str("url", "host/path").Str("method", "HEAD").Str("match", "status").Str("pattern", "200,204").Add("forceSsl", "false"));
        var request = method != HttpMethod.Get && random.Next(3) > 0 || random.Next(10) == 0
            ? FuzzBodies.Request(random, method, target, template)
            : new FuzzRequest(method, target);
        return request with { Headers = Sign(random, request) };
    }

    public string? CheckError(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out _) ? null : "OVH's message";

    public Task<string> DigestAsync() => Task.FromResult(recorder.Changes.Count.ToString(CultureInfo.InvariantCulture));

    private KeyValuePair<string, string>[] Sign(Random random, FuzzRequest request)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var timestamp = random.Next(25) switch
        {
            0 => (now - 3600).ToString(CultureInfo.InvariantCulture),
            1 => FuzzValues.Pick(random, ["-1", "1e9", "99999999999999999999", "", "now"]),
            _ => now.ToString(CultureInfo.InvariantCulture),
        };
        var url = "https://" + baseAddress.Host + new Uri(baseAddress, request.Target).PathAndQuery;
        var signature = Signature(random.Next(15) == 0 ? "wrong-secret" : secret, consumerKey, request.Method.Method, url, request.Body ?? [], timestamp);
        KeyValuePair<string, string>[] headers =
        [
            new("X-Ovh-Application", applicationKey), new("X-Ovh-Consumer", consumerKey), new("X-Ovh-Timestamp", timestamp),
            new("X-Ovh-Signature", signature),
        ];
        return random.Next(20) == 0 ? headers[..random.Next(headers.Length)] : headers;
    }

    private static string Signature(string secret, string consumerKey, string method, string url, byte[] body, string timestamp)
    {
        byte[] data = [.. Encoding.UTF8.GetBytes($"{secret}+{consumerKey}+{method}+{url}+"), .. body, .. Encoding.UTF8.GetBytes("+" + timestamp)];
#pragma warning disable CA5350 // OVH's signature v1 is SHA-1
        return "$1$" + Convert.ToHexStringLower(SHA1.HashData(data));
#pragma warning restore CA5350
    }
}
