using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Delete;

/// <summary><c>vitals delete</c> against a real server.</summary>
public sealed class DeleteCommandTests
{
    [Fact]
    public async Task Delete_MemberByName_IsGone_AndDryRunChangedNothing()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);

        var dry = await server.RunAsync("delete", "member", "web-down", "--dry-run");
        var afterDry = await server.RunAsync("get", "member", "web-down");
        var real = await server.RunAsync("delete", "member", "web-down");
        var afterReal = await server.RunAsync("get", "member", "web-down");

        Assert.Equal(0, dry.ExitCode);
        Assert.Matches(@"^would delete member web-down \(mbr-[0-9a-f]{20}\)\n$", dry.Stdout);
        Assert.Equal(0, afterDry.ExitCode);
        Assert.True(real.ExitCode == 0, real.Stderr);
        Assert.Matches(@"^deleted member web-down \(mbr-[0-9a-f]{20}\)\n$", real.Stdout);
        Assert.Equal(1, afterReal.ExitCode);
    }

    [Fact]
    public async Task Delete_LoadBalancerInUse_IsRefusedNamingTheDependents_AndCascadeDeletesAllDeepestFirst()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);

        var refused = await server.RunAsync("delete", "lb", "edge");
        var stillThere = await server.RunAsync("get", "members", "-o", "json");
        var dry = await server.RunAsync("delete", "lb", "edge", "--cascade", "--dry-run", "-o", "json");
        var cascade = await server.RunAsync("delete", "lb", "edge", "--cascade");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is in use by 4 resource(s)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("member web-ok", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, JsonDocument.Parse(stillThere.Stdout).RootElement.GetArrayLength());
        var planned = JsonDocument.Parse(dry.Stdout).RootElement;
        Assert.True(planned.GetProperty("dry_run").GetBoolean());
        string[] kinds = [.. planned.GetProperty("deleted").EnumerateArray().Select(d => d.GetProperty("kind").GetString()!)];
        Assert.Equal(["listener", "member", "member", "pool", "loadbalancer"], kinds);
        Assert.True(cascade.ExitCode == 0, cascade.Stderr);
        foreach (var kind in new[] { "loadbalancers", "listeners", "pools", "members", "healthmonitors" })
        {
            Assert.Equal($"No {kind}.\n", (await server.RunAsync("get", kind)).Stdout);
        }

        Assert.Equal(0, (await server.RunAsync("delete", "instance", "vm-1")).ExitCode);
    }

    [Fact]
    public async Task Delete_UnknownNameOrKind_Exits1Or2()
    {
        await using var server = await CliTestServer.StartAsync();

        var missing = await server.RunAsync("delete", "pool", "nope");
        var kind = await server.RunAsync("delete", "routers", "x");
        var missingId = await server.RunAsync("delete", "member", "mbr-00000000000000000000");

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no pool has the id or name 'nope'", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, kind.ExitCode);
        Assert.Equal(1, missingId.ExitCode);
    }
}
