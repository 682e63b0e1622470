using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Instances;
using Vitals.Core.Instances;
using Vitals.Server.Dialects.Alibaba.Signing;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Dialects.Alibaba;

/// <summary>ECS DescribeInstancesFullStatus and DescribeInstances served by <c>vitals serve</c>, called with the official ECS SDK.</summary>
public sealed class AlibabaEcsTests
{
    private static readonly Action<IServiceCollection> NoInitializingWindow = services => services.AddSingleton(new InstanceHealthOptions
    {
        Thresholds = InstanceHealthThresholds.Default with { InitializingWindow = TimeSpan.Zero },
    });

    [Theory]
    [InlineData("acs3")]
    [InlineData("v2")]
    public async Task DescribeInstancesFullStatus_OfficialSdk_ReportsHealthFiltersAndPages(string signature)
    {
        await using var fleet = await AlibabaTestFleet.StartAsync(NoInitializingWindow);
        var now = TimeProvider.System.GetUtcNow();
        var idle = await fleet.InstanceAsync("idle");
        var maintained = await fleet.InstanceAsync("maintained", windows:
        [
            new { start = now.AddHours(-1), end = now.AddHours(1), description = "now" },
            new { start = now.AddDays(1), end = now.AddDays(1).AddHours(1), description = "kernel" },
        ]);
        var down = await fleet.InstanceAsync("down");
        await fleet.InstanceAsync("elsewhere", region: "eu-central-1");
        var (_, other) = await fleet.Server.CreateProjectAsync("other");
        var foreign = await fleet.InstanceAsync("foreign", client: other);
        other.Dispose();
        var lb = await fleet.LoadBalancerAsync();
        var (_, pool) = await fleet.ListenerAsync(lb);
        var member = await fleet.MemberAsync(pool, FleetBackends.ClosedPort(), instanceId: down);
        await FleetWait.StateAsync(fleet.Client, member, "Unhealthy");

        var outputs = await fleet.EcsAsync(signature,
        [
            Call(new { regionId = "cn-hangzhou" }),
            Call(new { regionId = "cn-hangzhou", healthStatus = "Impaired" }),
            Call(new { regionId = "cn-hangzhou", instanceId = new[] { idle, foreign } }),
            Call(new { regionId = "cn-hangzhou", status = "Stopped" }),
            Call(new { regionId = "cn-hangzhou", pageNumber = 2, pageSize = 2 }),
            Call(new { regionId = "cn-hangzhou", instanceId = Enumerable.Range(0, 101).Select(i => $"i-{i:x20}").ToArray() }),
            Call(new { regionId = "cn-hangzhou", healthStatus = "Broken" }),
            Call(new { pageSize = 10 }),
            Call(new { regionId = "cn-hangzhou", pageSize = 101 }),
        ]);

        var all = Body(outputs[0]);
        Assert.Equal(3, all.GetProperty("totalCount").GetInt32());
        var statuses = Statuses(all);
        Assert.Equal([idle, maintained, down], statuses.Select(s => s.GetProperty("instanceId").GetString()));
        Assert.All(statuses, s => Assert.Equal("Running", s.GetProperty("status").GetProperty("name").GetString()));
        AssertHealth(statuses[0], "NotApplicable", 4);
        AssertHealth(statuses[1], "Maintaining", 65);
        AssertHealth(statuses[2], "Impaired", 128);
        var scheduled = Assert.Single(statuses[1].GetProperty("scheduledSystemEventSet").GetProperty("scheduledSystemEventType").EnumerateArray());
        Assert.Equal("SystemMaintenance.Reboot", scheduled.GetProperty("eventType").GetProperty("name").GetString());
        Assert.Equal("Scheduled", scheduled.GetProperty("eventCycleStatus").GetProperty("name").GetString());
        Assert.Equal("kernel", scheduled.GetProperty("reason").GetString());
        Assert.Equal([down], Statuses(Body(outputs[1])).Select(s => s.GetProperty("instanceId").GetString()));
        Assert.Equal([idle], Statuses(Body(outputs[2])).Select(s => s.GetProperty("instanceId").GetString()));
        Assert.Equal(0, Body(outputs[3]).GetProperty("totalCount").GetInt32());
        var page2 = Body(outputs[4]);
        Assert.Equal(3, page2.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, page2.GetProperty("pageNumber").GetInt32());
        Assert.Equal([down], Statuses(page2).Select(s => s.GetProperty("instanceId").GetString()));
        fleet.AssertError(outputs[5], AlibabaErrorCodes.InstanceIdLimitExceeded, 403);
        fleet.AssertError(outputs[6], AlibabaErrorCodes.InvalidParameter, 400);
        fleet.AssertError(outputs[7], AlibabaErrorCodes.MissingParameter, 400);
        fleet.AssertError(outputs[8], AlibabaErrorCodes.InvalidParameter, 400);
    }

    [Fact]
    public async Task DescribeInstancesFullStatus_JustRegistered_IsInitializing()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        var fresh = await fleet.InstanceAsync("fresh");

        var output = (await fleet.EcsAsync("acs3", [Call(new { regionId = "cn-hangzhou", instanceId = new[] { fresh } })]))[0];

        AssertHealth(Assert.Single(Statuses(Body(output))), "Initializing", 2);
    }

    [Fact]
    public async Task DescribeInstancesFullStatus_ExporterAnswers500_IsInsufficientDataFromTheFirstFailure()
    {
        // The default 5-minute initializing window: a young instance whose only source fails must not read as Ok.
        await using var fleet = await AlibabaTestFleet.StartAsync(services => services.AddSingleton(new InstanceHealthOptions
        {
            ScrapeInterval = TimeSpan.FromSeconds(1),
        }));
        await using var exporter = LoopbackServer.Http("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops!");
        var broken = await fleet.InstanceAsync("broken", nodeExporterUrl: $"http://127.0.0.1:{exporter.Port}/metrics");

        var native = await FleetWait.UntilAsync(fleet.Client, $"/api/v1/instances/{broken}/health",
            h => h.GetProperty("scrape").TryGetProperty("last_failure", out var failure) && failure.ValueKind == JsonValueKind.String);
        var output = (await fleet.EcsAsync("acs3", [Call(new { regionId = "cn-hangzhou", instanceId = new[] { broken } })]))[0];

        Assert.Equal("InsufficientData", native.GetProperty("status").GetString());
        var reason = Assert.Single(native.GetProperty("reasons").EnumerateArray());
        Assert.Equal(InstanceHealthReason.HostMetricsFailing, reason.GetProperty("code").GetString());
        Assert.Contains("HTTP 500", reason.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertHealth(Assert.Single(Statuses(Body(output))), "InsufficientData", InstanceHealthStatuses.Code(InstanceHealthStatus.InsufficientData));
    }

    [Theory]
    [InlineData("acs3")]
    [InlineData("v2")]
    public async Task DescribeInstances_OfficialSdk_PagesByTokenAndNumberWithFilters(string signature)
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        var web = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            web.Add(await fleet.InstanceAsync($"web-{i:00}"));
        }

        await fleet.InstanceAsync("db-1");
        var (_, other) = await fleet.Server.CreateProjectAsync("other");
        var foreign = await fleet.InstanceAsync("web-foreign", client: other);
        other.Dispose();

        var outputs = await fleet.EcsAsync(signature,
        [
            new { operation = "describeInstances", request = new { regionId = "cn-hangzhou", instanceName = "web*", maxResults = 10 }, followNextToken = true },
            new { operation = "describeInstances", request = new { regionId = "cn-hangzhou", instanceIds = JsonSerializer.Serialize(new[] { web[3], web[4], foreign }) } },
            new { operation = "describeInstances", request = new { regionId = "cn-hangzhou", pageNumber = 2, pageSize = 5 } },
            new { operation = "describeInstances", request = new { regionId = "cn-hangzhou", nextToken = "garbage" } },
            new { operation = "describeInstances", request = new { regionId = "cn-hangzhou", instanceIds = "i-a,i-b" } },
        ]);

        // Token paging: 10 + 10 + 3, every web instance exactly once, in order.
        var pages = outputs.Take(3).Select(Body).ToList();
        Assert.Equal([10, 10, 3], pages.Select(p => Instances(p).Count));
        Assert.Equal(web, pages.SelectMany(Instances).Select(i => i.GetProperty("instanceId").GetString()));
        Assert.NotEmpty(pages[0].GetProperty("nextToken").GetString()!);
        Assert.Equal("", pages[2].GetProperty("nextToken").GetString());
        var first = Instances(pages[0])[0];
        Assert.Equal("web-00", first.GetProperty("instanceName").GetString());
        Assert.Equal("cn-hangzhou", first.GetProperty("regionId").GetString());
        Assert.Equal("Running", first.GetProperty("status").GetString());
        Assert.Equal("127.0.0.1", first.GetProperty("vpcAttributes").GetProperty("privateIpAddress").GetProperty("ipAddress")[0].GetString());

        Assert.Equal([web[3], web[4]], Instances(Body(outputs[3])).Select(i => i.GetProperty("instanceId").GetString()));
        var byNumber = Body(outputs[4]);
        Assert.Equal(24, byNumber.GetProperty("totalCount").GetInt32());
        Assert.Equal(web.Skip(5).Take(5), Instances(byNumber).Select(i => i.GetProperty("instanceId").GetString()));
        fleet.AssertError(outputs[5], AlibabaErrorCodes.InvalidParameter, 400);
        fleet.AssertError(outputs[6], AlibabaErrorCodes.InvalidParameter, 400);
    }

    [Fact]
    public async Task EcsCall_DefaultCredentialsFromTheEnvironment_AreAccepted()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();
        var vm = await fleet.InstanceAsync("vm");

        var output = (await fleet.EcsWithDefaultCredentialsAsync([Call(new { regionId = "cn-hangzhou" })]))[0];

        Assert.Equal([vm], Statuses(Body(output)).Select(s => s.GetProperty("instanceId").GetString()));
    }

    [Fact]
    public async Task EcsCall_UnknownKeyAndWrongSecret_AreRefusedInAlibabaShape()
    {
        await using var fleet = await AlibabaTestFleet.StartAsync();

        var unknown = await fleet.EcsAsync("acs3", [Call(new { regionId = "cn-hangzhou" })], accessKeyId: "LTAIunknown0000000000000");
        var wrong = await fleet.EcsAsync("v2", [Call(new { regionId = "cn-hangzhou" })], secret: "wrong");

        fleet.AssertError(unknown[0], AlibabaErrorCodes.InvalidAccessKeyIdNotFound, 404);
        fleet.AssertError(wrong[0], AlibabaErrorCodes.SignatureDoesNotMatch, 400);
    }

    private static object Call(object request) => new { operation = "describeInstancesFullStatus", request };

    private static JsonElement Body(JsonElement output)
    {
        Assert.True(output.GetProperty("ok").GetBoolean(), output.ToString());
        return output.GetProperty("body");
    }

    private static List<JsonElement> Statuses(JsonElement body) =>
        [.. body.GetProperty("instanceFullStatusSet").GetProperty("instanceFullStatusType").EnumerateArray()];

    private static List<JsonElement> Instances(JsonElement body) => [.. body.GetProperty("instances").GetProperty("instance").EnumerateArray()];

    private static void AssertHealth(JsonElement status, string name, int code)
    {
        Assert.Equal(name, status.GetProperty("healthStatus").GetProperty("name").GetString());
        Assert.Equal(code, status.GetProperty("healthStatus").GetProperty("code").GetInt32());
    }
}
