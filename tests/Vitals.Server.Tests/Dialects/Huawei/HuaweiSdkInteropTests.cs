using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>
/// The official Huawei SDK core signs ELB v3 calls with an AK/SK from <c>/api/v1/huawei-credentials</c> (SDK-HMAC-SHA256),
/// and Vitals accepts them, or refuses them with Huawei's codes.
/// </summary>
public sealed class HuaweiSdkInteropTests
{
    private const string Project = "0123456789abcdef0123456789abcdef";
    private const string Other = "fedcba9876543210fedcba9876543210";
    private const string Pools = "/v3/{project_id}/elb/pools";
    private const string Members = "/v3/{project_id}/elb/pools/{pool_id}/members";
    private const string Member = "/v3/{project_id}/elb/pools/{pool_id}/members/{member_id}";

    private static async Task<string> PoolAsync(RunningServer server, HuaweiSdk sdk)
    {
        var lb = await HuaweiTestProject.LoadBalancerAsync(server, sdk.ProjectId);
        var pool = await sdk.CallAsync(new("POST", Pools, Body: new { pool = new { loadbalancer_id = lb, protocol = "TCP", lb_algorithm = "ROUND_ROBIN" } }));
        Assert.True(pool is { Ok: true, Status: 201 }, pool.ToString());
        return pool.Value.GetProperty("pool").GetProperty("id").GetString()!;
    }

    private static string[] Ids(HuaweiSdkResult list) =>
        [.. list.Value.GetProperty("members").EnumerateArray().Select(static m => m.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Sdk_CreateListFilterPageUpdateDelete_Accepted()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        using var _ = token;
        var pool = await PoolAsync(server, sdk);
        var inPool = new { pool_id = pool };

        var created = await sdk.RunAsync(
            new("POST", Members, inPool, Body: new { member = new { address = "10.0.0.1", protocol_port = 80, name = "a" } }),
            new("POST", Members, inPool, Body: new { member = new { address = "10.0.0.2", protocol_port = 81, name = "b" } }),
            new("POST", Members, inPool, Body: new { member = new { address = "10.0.0.3", protocol_port = 82, name = "a b+c*é/~", weight = 5 } }));
        Assert.All(created, c => Assert.True(c is { Ok: true, Status: 201 }, c.ToString()));
        var ids = created.Select(static c => c.Value.GetProperty("member").GetProperty("id").GetString()!).ToArray();

        var lists = await sdk.RunAsync(
            HuaweiSdkCall.Get(Members, inPool, new { limit = 2 }),
            HuaweiSdkCall.Get(Members, inPool, new { limit = 2, marker = ids[1] }),
            HuaweiSdkCall.Get(Members, inPool, new { protocol_port = new[] { 82, 80 } }),
            HuaweiSdkCall.Get(Members, inPool, new { name = "a b+c*é/~", weight = 5 }));
        Assert.All(lists, l => Assert.True(l is { Ok: true, Status: 200 }, l.ToString()));
        Assert.Equal(ids[..2], Ids(lists[0]));
        Assert.Equal(2, lists[0].Value.GetProperty("page_info").GetProperty("current_count").GetInt32());
        Assert.Equal([ids[2]], Ids(lists[1]));
        Assert.Equal([ids[0], ids[2]], Ids(lists[2]));
        Assert.Equal([ids[2]], Ids(lists[3]));

        var ofMember = new { pool_id = pool, member_id = ids[1] };
        var changes = await sdk.RunAsync(
            new("PUT", Member, ofMember, Body: new { member = new { weight = 7, name = "renamed" } }),
            new("DELETE", Member, new { pool_id = pool, member_id = ids[0] }));
        Assert.True(changes[0] is { Ok: true, Status: 200 }, changes[0].ToString());
        Assert.Equal(7, changes[0].Value.GetProperty("member").GetProperty("weight").GetInt32());
        Assert.True(changes[1] is { Ok: true, Status: 204 }, changes[1].ToString());

        // The changes are real: the token client of the same project sees them.
        var shown = await token.ShowMemberAsync(pool, ids[1]);
        Assert.Equal("renamed", shown.Body.GetProperty("member").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await token.ShowMemberAsync(pool, ids[0])).Status);
    }

    [Fact]
    public async Task IssuedSk_IsNotInTheDatabaseFiles_AndStillSignsAfterARestart()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        token.Dispose();
        var database = System.IO.Path.Combine(server.DataDir, "vitals.db");

        Assert.Empty(Secrets.LegacyCredentials.FoundIn([sdk.Sk], database, database + "-wal"));
        Assert.True((await sdk.CallAsync(HuaweiSdkCall.Get(Pools))) is { Ok: true, Status: 200 });
        await server.RestartAsync();
        Assert.Empty(Secrets.LegacyCredentials.FoundIn([sdk.Sk], database));
        var after = await (sdk with { BaseAddress = server.BaseAddress }).CallAsync(HuaweiSdkCall.Get(Pools));
        Assert.True(after is { Ok: true, Status: 200 }, after.ToString());
    }

    [Fact]
    public async Task Sdk_WrongSecret_401Apigw0301_ChangesNothing()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        using var _ = token;
        var pool = await PoolAsync(server, sdk);

        var answer = await (sdk with { Sk = sdk.Sk[..^1] + (sdk.Sk[^1] == 'x' ? 'y' : 'x') }).CallAsync(
            new("POST", Members, new { pool_id = pool }, Body: new { member = new { address = "10.0.0.1", protocol_port = 80 } }));

        Assert.Equal((false, 401, "APIGW.0301"), (answer.Ok, answer.Status, answer.Code));
        Assert.StartsWith("Incorrect IAM authentication information: verify aksk signature fail", answer.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await token.ListMembersAsync(pool)).Body.GetProperty("page_info").GetProperty("current_count").GetInt32());
    }

    [Fact]
    public async Task Sdk_UnknownAndRevokedAk_401Apigw0301()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        using var _ = token;
        var list = HuaweiSdkCall.Get(Pools);
        Assert.True((await sdk.CallAsync(list)).Ok);

        var unknown = await (sdk with { Ak = "NOSUCHAK000000000000" }).CallAsync(list);
        using (var owner = server.WithToken("hw-token-" + Project))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await owner.ApiDeleteAsync($"/api/v1/huawei-credentials/{sdk.Ak}")).Status);
        }

        var revoked = await sdk.CallAsync(list);

        Assert.Equal((401, "APIGW.0301"), (unknown.Status, unknown.Code));
        Assert.Contains("err:ak not exist", unknown.Message, StringComparison.Ordinal);
        Assert.Equal((401, "APIGW.0301"), (revoked.Status, revoked.Code));
        Assert.Contains("ak is revoked", revoked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_DateOutsideWindow_401SignatureExpired()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        using var _ = token;
        var now = server.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        string Date(TimeSpan offset) => (now + offset).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        // The SDK signs with the X-Sdk-Date it is given.
        var answers = await sdk.RunAsync(
            HuaweiSdkCall.Get(Pools, headers: new Dictionary<string, string> { ["X-Sdk-Date"] = Date(TimeSpan.FromMinutes(-16)) }),
            HuaweiSdkCall.Get(Pools, headers: new Dictionary<string, string> { ["X-Sdk-Date"] = Date(TimeSpan.FromMinutes(16)) }),
            HuaweiSdkCall.Get(Pools, headers: new Dictionary<string, string> { ["X-Sdk-Date"] = Date(TimeSpan.FromMinutes(-10)) }));

        Assert.Equal((401, "APIGW.0301"), (answers[0].Status, answers[0].Code));
        Assert.Contains("signature expired", answers[0].Message, StringComparison.Ordinal);
        Assert.Equal((401, "APIGW.0301"), (answers[1].Status, answers[1].Code));
        Assert.True(answers[2] is { Ok: true, Status: 200 }, answers[2].ToString());
    }

    [Fact]
    public async Task Sdk_SameWriteSignatureTwice_SecondIsRefusedAsReplay_SameReadTwice_BothServed()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        using var _ = token;
        var pool = await PoolAsync(server, sdk);
        var inPool = new { pool_id = pool };
        var date = server.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var at = new Dictionary<string, string> { ["X-Sdk-Date"] = date };
        var create = new HuaweiSdkCall("POST", Members, inPool, Body: new { member = new { address = "10.0.0.9", protocol_port = 80 } }, Headers: at);
        var read = HuaweiSdkCall.Get(Pools, headers: at);

        var answers = await sdk.RunAsync(create, create, read, read, HuaweiSdkCall.Get(Members, inPool));

        Assert.True(answers[0] is { Ok: true, Status: 201 }, answers[0].ToString());
        Assert.Equal((401, "APIGW.0301"), (answers[1].Status, answers[1].Code));
        Assert.Contains("already used", answers[1].Message, StringComparison.Ordinal);
        // A poll of the same URL within the same second signs the very same request: a read is served both times.
        Assert.True(answers[2] is { Ok: true, Status: 200 }, answers[2].ToString());
        Assert.True(answers[3] is { Ok: true, Status: 200 }, answers[3].ToString());
        Assert.Single(Ids(answers[4])); // the replayed create wrote nothing
    }

    [Fact]
    public async Task Sdk_AkOfAnotherProject_403Elb8903()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        using var _ = token;
        using var other = await HuaweiTestProject.CreateAsync(server, Other);

        // The SDK set to the other project: path and X-Project-Id name it, the AK is this project's.
        var crossPath = await (sdk with { ProjectId = Other }).CallAsync(HuaweiSdkCall.Get(Pools));
        // The path names this project but X-Project-Id the other one.
        var crossHeader = await (sdk with { ProjectId = Other }).CallAsync(HuaweiSdkCall.Get($"/v3/{Project}/elb/pools"));

        Assert.Equal((403, "ELB.8903"), (crossPath.Status, crossPath.Code));
        Assert.Equal((403, "ELB.8903"), (crossHeader.Status, crossHeader.Code));
        Assert.Contains("X-Project-Id", crossHeader.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadSignatures_FromOneAddress_CountAsFailedAuthentications_429Apigw0308()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        using var _ = token;

        // 20 failures empty the bucket; it earns one back a second, so a few more cover the time the calls take.
        var refused = await (sdk with { Sk = "not-the-secret" }).RunAsync([.. Enumerable.Repeat(HuaweiSdkCall.Get(Pools), 30)]);

        Assert.All(refused.Take(20), r => Assert.Equal((401, "APIGW.0301"), (r.Status, r.Code)));
        Assert.Equal((429, "APIGW.0308"), (refused[^1].Status, refused[^1].Code));
    }

    [Fact]
    public async Task Token_StillAccepted_BesideSignatures()
    {
        await using var server = await RunningServer.StartAsync();
        var (sdk, token) = await HuaweiSdk.CreateAsync(server, Project);
        using var _ = token;
        var pool = await PoolAsync(server, sdk);

        var listed = await token.ListPoolsAsync();
        using var bare = server.Anonymous();
        var anonymous = await bare.GetAsync(new Uri($"/v3/{Project}/elb/pools", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal(pool, listed.Body.GetProperty("pools")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var body = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Incorrect IAM authentication information: x-auth-token not found", body.RootElement.GetProperty("error_msg").GetString());
    }
}
