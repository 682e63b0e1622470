using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Get;

public sealed class GetCommandTests
{
    [Fact]
    public async Task Get_Kind_PrintsATable_Json_AndYaml_OfTheSameResources()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);

        var table = await server.RunAsync("get", "members");
        var json = await server.RunAsync("get", "members", "-o", "json");
        var yaml = await server.RunAsync("get", "members", "-o", "yaml");

        Assert.Equal(0, table.ExitCode);
        var lines = table.Stdout.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^ID\s+NAME\s+POOL\s+ADDRESS\s+PORT\s+WEIGHT\s+ADMIN\s+INSTANCE$", lines[0]);
        Assert.Matches(@"^mbr-[0-9a-f]{20}\s+web-ok\s+sgp-[0-9a-f]{20}\s+127\.0\.0\.1\s+8081\s+1\s+up\s+i-[0-9a-f]{20}$", lines[1]);
        var array = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(2, array.GetArrayLength());
        Assert.Equal("web-down", array[1].GetProperty("name").GetString());
        Assert.Contains("- id: " + array[0].GetProperty("id").GetString(), yaml.Stdout);
        Assert.Contains("  name: web-ok", yaml.Stdout);
        Assert.Contains("  protocol_port: 8082", yaml.Stdout);
    }

    [Fact]
    public async Task Get_OneByNameOrId_PrintsThatObject()
    {
        await using var server = await CliTestServer.StartAsync();
        Assert.Equal(0, (await server.ApplyAsync(FleetYaml.Web(8081, 8082))).ExitCode);

        var byName = JsonDocument.Parse((await server.RunAsync("get", "lb", "edge", "-o", "json")).Stdout).RootElement;
        var id = byName.GetProperty("id").GetString()!;
        var byId = JsonDocument.Parse((await server.RunAsync("get", "loadbalancer", id, "-o", "json")).Stdout).RootElement;

        Assert.Equal("front door", byName.GetProperty("description").GetString());
        Assert.Equal(id, byId.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Get_UnknownKind_IsAUsageError_AndAMissingResourceExits1()
    {
        await using var server = await CliTestServer.StartAsync();

        var kind = await server.RunAsync("get", "routers");
        var missingName = await server.RunAsync("get", "pool", "nope");
        var missingId = await server.RunAsync("get", "pool", "sgp-00000000000000000000");

        Assert.Equal(2, kind.ExitCode);
        Assert.Contains("KIND: must be one of loadbalancers, listeners, pools, members, healthmonitors, instances, haproxy-bindings, webhooks, alertmanagers (got 'routers')", kind.Stderr);
        Assert.Equal(1, missingName.ExitCode);
        Assert.Contains("no pool has the id or name 'nope'", missingName.Stderr);
        Assert.Equal(1, missingId.ExitCode);
        Assert.Contains("404", missingId.Stderr);
    }
}
