using System.Security.Cryptography;
using System.Text;
using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Tests.Dialects.Alibaba.Signing;

/// <summary>
/// A second, deliberately plain implementation of both Alibaba schemes, written the way the Node SDK does it
/// (encodeURIComponent plus replacing <c>! ' ( ) *</c>), used to sign test requests the verifiers must accept.
/// It also writes the query the way Node's <c>querystring</c> puts it on the wire (<c>* ! ' ( )</c> left raw).
/// </summary>
internal static class AlibabaTestSigner
{
    public const string AccessKeyId = "testid";
    public const string Secret = "testsecret";
    public const string ProjectId = "prj-test";
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static AlibabaAccessKeyLookup Lookup(params (string Id, AlibabaAccessKey Key)[] extra)
    {
        var keys = new Dictionary<string, AlibabaAccessKey>(StringComparer.Ordinal)
        {
            [AccessKeyId] = new AlibabaAccessKey(Secret, ProjectId),
        };
        foreach (var (id, key) in extra)
        {
            keys[id] = key;
        }

        return (id, _) => ValueTask.FromResult(keys.GetValueOrDefault(id));
    }

    /// <summary>Node's aliEncode: encodeURIComponent, then ! ' ( ) * escaped too.</summary>
    public static string Encode(string value) =>
        Uri.EscapeDataString(value).Replace("!", "%21").Replace("'", "%27").Replace("(", "%28").Replace(")", "%29").Replace("*", "%2A");

    /// <summary>Node's querystring.escape: like encodeURIComponent, which leaves ! ' ( ) * as they are.</summary>
    public static string WireEncode(string value) =>
        Uri.EscapeDataString(value).Replace("%21", "!").Replace("%27", "'").Replace("%28", "(").Replace("%29", ")").Replace("%2A", "*");

    public static string WireQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => WireEncode(p.Key) + "=" + WireEncode(p.Value)));

    public static Dictionary<string, string> V1Parameters(DateTimeOffset timestamp, string nonce, string accessKeyId = AccessKeyId) =>
        new(StringComparer.Ordinal)
        {
            ["Action"] = "GetListenerHealthStatus",
            ["Format"] = "json",
            ["Version"] = "2022-04-30",
            ["Timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["SignatureNonce"] = nonce,
            ["RegionId"] = "cn-hangzhou",
            ["ListenerId"] = "lsn-example@80",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureVersion"] = "1.0",
            ["AccessKeyId"] = accessKeyId,
        };

    public static string V1Signature(string method, IEnumerable<KeyValuePair<string, string>> parameters, string secret = Secret)
    {
        var canonical = string.Join('&', parameters.Where(p => p.Key != "Signature").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        var stringToSign = method + "&" + Encode("/") + "&" + Encode(canonical);
#pragma warning disable CA5350
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
#pragma warning restore CA5350
    }

    /// <summary>A v1 request with every parameter in the query (unsorted, Node-escaped), signed with <paramref name="secret"/>.</summary>
    public static AlibabaRequest V1Request(Dictionary<string, string> parameters, string method = "POST", string secret = Secret)
    {
        var signed = new List<KeyValuePair<string, string>>(parameters)
        {
            new("Signature", V1Signature(method, parameters, secret)),
        };
        return AlibabaRequest.Create(method, "/?" + WireQuery(signed), [new("host", "127.0.0.1:18080")], ReadOnlyMemory<byte>.Empty);
    }

    public static Dictionary<string, string> Acs3Headers(DateTimeOffset date, string nonce, byte[]? body = null) =>
        new(StringComparer.Ordinal)
        {
            ["host"] = "nlb.example.test",
            ["x-acs-action"] = "GetListenerHealthStatus",
            ["x-acs-version"] = "2022-04-30",
            ["x-acs-date"] = date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["x-acs-signature-nonce"] = nonce,
            ["x-acs-content-sha256"] = Convert.ToHexStringLower(SHA256.HashData(body ?? [])),
        };

    /// <summary>Signs like the SDK's getAuthorization: every given header is signed, names sorted.</summary>
    public static string Acs3Authorization(string method, string path, IEnumerable<KeyValuePair<string, string>> query,
        IReadOnlyDictionary<string, string> headers, string payloadHash, string secret = Secret, string accessKeyId = AccessKeyId,
        IEnumerable<string>? signedHeaders = null)
    {
        var names = (signedHeaders ?? headers.Keys).Select(n => n.ToLowerInvariant()).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var canonicalQuery = string.Join('&', query.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        var canonicalHeaders = string.Concat(names.Select(n => n + ":" + headers[n].Trim() + "\n"));
        var signedList = string.Join(';', names);
        var canonicalRequest = string.Join('\n', method, path, canonicalQuery, canonicalHeaders, signedList, payloadHash);
        var stringToSign = "ACS3-HMAC-SHA256\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
        return $"ACS3-HMAC-SHA256 Credential={accessKeyId},SignedHeaders={signedList},Signature={signature}";
    }

    public static AlibabaRequest Acs3Request(IReadOnlyList<KeyValuePair<string, string>> query, Dictionary<string, string> headers,
        byte[]? body = null, string method = "POST", string secret = Secret, IEnumerable<string>? signedHeaders = null)
    {
        body ??= [];
        var authorization = Acs3Authorization(method, "/", query, headers, Convert.ToHexStringLower(SHA256.HashData(body)), secret,
            signedHeaders: signedHeaders);
        var all = headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value)).ToList();
        all.Add(new("Authorization", authorization));
        all.Add(new("accept", "application/json"));
        return AlibabaRequest.Create(method, "/?" + WireQuery(query), all, body);
    }

    public static List<KeyValuePair<string, string>> Acs3Query() =>
    [
        new("ListenerId", "lsn-example@80"),
        new("MaxResults", "20"),
        new("RegionId", "cn-hangzhou"),
        new("NextToken", "a b*c"),
    ];
}
