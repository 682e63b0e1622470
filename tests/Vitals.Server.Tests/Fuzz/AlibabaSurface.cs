using System.Text;
using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Alibaba;
using Vitals.Server.Tests.Dialects.Alibaba.Signing;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// Alibaba RPC at <c>/</c>: NLB <c>GetListenerHealthStatus</c> and ECS <c>DescribeInstances</c> /
/// <c>DescribeInstancesFullStatus</c>, the parameters mutated and then signed (signature v1, HMAC-SHA1) with a real
/// AccessKey, so that the mutated values reach the operations; sent in the query (GET, POST) or as a form body.
/// A few requests keep a wrong signature or an old timestamp to fuzz the refusals too.
/// </summary>
internal sealed class AlibabaSurface(RecordingFleetObserver recorder, string keyId, string secret, IReadOnlyDictionary<string, string> ids)
    : IFuzzSurface
{
    private static readonly string[] Numbers = ["0", "-1", "1", "100", "101", "2147483648", "1e3", "1.5", "", " 1", "0x10", "٣"];

    public static async Task<AlibabaSurface> StartAsync(RunningServer server, RecordingFleetObserver recorder)
    {
        var (_, client) = await server.CreateProjectAsync("fuzz-alibaba");
        using (client)
        {
            var ids = await FuzzFleet.CreateAsync(client);
            var (keyId, secret) = await AlibabaTestFleet.IssueKeyAsync(client);
            return new AlibabaSurface(recorder, keyId, secret, ids);
        }
    }

    public FuzzRequest Next(Random random)
    {
        var parameters = Operation(random);
        for (var n = random.Next(1, 3); n > 0; n--)
        {
            Mutate(random, parameters);
        }

        var method = random.Next(3) == 0 ? "GET" : "POST";
        var age = random.Next(30) == 0 ? TimeSpan.FromMinutes(-30) : TimeSpan.Zero;
        parameters["Timestamp"] = TimeProvider.System.GetUtcNow().Add(age).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'",
            System.Globalization.CultureInfo.InvariantCulture);
        parameters["SignatureNonce"] = Guid.NewGuid().ToString("N");
        var signature = AlibabaTestSigner.V1Signature(method, parameters, random.Next(15) == 0 ? "not-the-secret" : secret);
        var all = new List<KeyValuePair<string, string>>(parameters) { new("Signature", signature) };
        var query = AlibabaTestSigner.WireQuery(all);
        return method == "POST" && random.Next(2) == 0
            ? new FuzzRequest(HttpMethod.Post, "/") { Body = Encoding.UTF8.GetBytes(query), ContentType = "application/x-www-form-urlencoded" }
            : new FuzzRequest(new HttpMethod(method), "/?" + query);
    }

    public string? CheckError(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("Code", out _) && body.TryGetProperty("Message", out _)
            ? null
            : "Alibaba's Code and Message";

    public Task<string> DigestAsync() => Task.FromResult(recorder.Changes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private Dictionary<string, string> Operation(Random random)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Format"] = "JSON",
            ["RegionId"] = "cn-hangzhou",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureVersion"] = "1.0",
            ["AccessKeyId"] = keyId,
        };
        var instances = $"[\"{ids["instances"]}\"]";
        switch (random.Next(3))
        {
            case 0:
                parameters["Action"] = "GetListenerHealthStatus";
                parameters["Version"] = "2022-04-30";
                parameters["ListenerId"] = ids["listeners"] + (random.Next(2) == 0 ? "@8080" : "");
                parameters["MaxResults"] = "20";
                break;
            case 1:
                parameters["Action"] = "DescribeInstances";
                parameters["Version"] = "2014-05-26";
                parameters["InstanceIds"] = instances;
                parameters["InstanceName"] = "fuzz-vm";
                parameters["Status"] = "Running";
                parameters["PageNumber"] = "1";
                parameters["PageSize"] = "10";
                break;
            default:
                parameters["Action"] = "DescribeInstancesFullStatus";
                parameters["Version"] = "2014-05-26";
                parameters["InstanceId.1"] = ids["instances"];
                parameters["Status"] = "Running";
                parameters["HealthStatus"] = "Ok";
                parameters["EventType"] = "SystemMaintenance.Reboot";
                parameters["PageSize"] = "10";
                break;
        }

        return parameters;
    }

    private static void Mutate(Random random, Dictionary<string, string> parameters)
    {
        var names = parameters.Keys.Where(k => k is not ("SignatureMethod" or "SignatureVersion" or "AccessKeyId")).ToList();
        var name = FuzzValues.Pick(random, names);
        switch (random.Next(10))
        {
            case 0:
                parameters.Remove(name);
                break;
            case 1:
                parameters[Wire(FuzzValues.Text(random))] = Wire(FuzzValues.Text(random));
                break;
            case 2 or 3:
                parameters[name] = FuzzValues.Pick(random, Numbers);
                break;
            case 4 or 5 when name == "InstanceIds":
                // JSON inside a parameter: ASCII on the wire, any text once unescaped (the lone surrogate case).
                parameters[name] = random.Next(2) == 0 ? "[" + FuzzJson.Quote(FuzzValues.Text(random), random) + "]" : FuzzValues.RawJson(random);
                break;
            case 6 when name == "NextToken" || random.Next(2) == 0:
                parameters["NextToken"] = Wire(FuzzValues.Text(random));
                break;
            default:
                parameters[name] = Wire(FuzzValues.Text(random));
                break;
        }
    }

    /// <summary>What a value can be on the wire: UTF-8, so a lone surrogate arrives as U+FFFD (the JSON escape is another matter).</summary>
    private static string Wire(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
