using System.Net;
using Vitals.Server.Dialects.Ovh.Signing;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Dialects.Alibaba.Signing;
using Vitals.Server.Tests.Dialects.Ovh.Iplb;

namespace Vitals.Server.Tests.Secrets;

/// <summary>Real signed requests over loopback: an Alibaba RPC call (signature v1) and an OVH call, signed with issued keys.</summary>
internal static class SignedCalls
{
    /// <summary>Issues an AccessKey through <c>POST /api/v1/access-keys</c>.</summary>
    public static async Task<(string Id, string Secret)> IssueAccessKeyAsync(HttpClient project)
    {
        var answer = await project.ApiPostAsync("/api/v1/access-keys", new { description = "at rest" });
        Assert.True(answer.Status == HttpStatusCode.Created, answer.ToString());
        return (answer.Str("access_key_id"), answer.Str("access_key_secret"));
    }

    /// <summary>Issues an OVH key triple through <c>POST /api/v1/ovh-credentials</c>.</summary>
    public static async Task<OvhKeys> IssueOvhAsync(HttpClient project)
    {
        var answer = await project.ApiPostAsync("/api/v1/ovh-credentials", new { description = "at rest" });
        Assert.True(answer.Status == HttpStatusCode.Created, answer.ToString());
        return new OvhKeys(answer.Str("application_key"), answer.Str("application_secret"), answer.Str("consumer_key"));
    }

    /// <summary>ECS <c>DescribeInstances</c> signed (v1, HMAC-SHA1) with <paramref name="secret"/>: the status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> AlibabaAsync(Uri server, string accessKeyId, string secret)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = "DescribeInstances",
            ["Format"] = "JSON",
            ["Version"] = "2014-05-26",
            ["RegionId"] = "cn-hangzhou",
            ["Timestamp"] = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["SignatureNonce"] = Guid.NewGuid().ToString(),
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureVersion"] = "1.0",
            ["AccessKeyId"] = accessKeyId,
        };
        parameters["Signature"] = AlibabaTestSigner.V1Signature("GET", parameters, secret);
        using var client = new HttpClient { BaseAddress = server };
        using var response = await client.GetAsync("/?" + AlibabaTestSigner.WireQuery(parameters), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary><c>GET /1.0/ipLoadbalancing</c> signed the OVH way with <paramref name="keys"/>: the status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> OvhAsync(Uri server, OvhKeys keys)
    {
        const string target = "/1.0/ipLoadbalancing";
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var client = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Add("X-Ovh-Application", keys.ApplicationKey);
        request.Headers.Add("X-Ovh-Consumer", keys.ConsumerKey);
        request.Headers.Add("X-Ovh-Timestamp", timestamp);
        request.Headers.Add("X-Ovh-Signature", OvhSignatureVerifier.ComputeSignature(keys.ApplicationSecret, keys.ConsumerKey, "GET",
            OvhSignatureVerifier.SignedUrl("127.0.0.1", target), [], timestamp));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
