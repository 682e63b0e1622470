using System.Text;
using Vitals.Cli.Export.Nginx;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Export;

public sealed class NginxWriterTests
{
    private static NginxServer Server(string rotation, int weight = 1, bool keptByPanic = false, string? reason = null, string name = "m") =>
        new("mbr-" + rotation, name, "10.0.0.1:8080", weight, rotation, keptByPanic, reason);

    private static NginxUpstream Upstream(NginxContext context, params NginxServer[] servers) =>
        new(context == NginxContext.Http ? "edge_web" : "edge_db", "pool-1", "web", "edge", context == NginxContext.Http ? "HTTP" : "TCP", context,
            "ROUND_ROBIN", null, servers);

    private static string Write(NginxUpstream upstream)
    {
        var sb = new StringBuilder();
        NginxWriter.WriteUpstream(sb, upstream, "");
        return sb.ToString();
    }

    [Theory]
    [InlineData("ready", null, "# m (mbr-ready): ready\nserver 10.0.0.1:8080 weight=1 max_fails=0;\n")]
    [InlineData("unknown", null, "# m (mbr-unknown): unknown (no verdict yet): left in, as nginx would\nserver 10.0.0.1:8080 weight=1 max_fails=0;\n")]
    [InlineData("down", "HTTP_CODE_NOT_MATCH", "# m (mbr-down): down, HTTP_CODE_NOT_MATCH\nserver 10.0.0.1:8080 weight=1 max_fails=0 down;\n")]
    [InlineData("drain", null, "# m (mbr-drain): drain (weight 0)\nserver 10.0.0.1:8080 weight=1 max_fails=0 down;\n")]
    [InlineData("maint", null, "# m (mbr-maint): maint (member or pool switched off)\nserver 10.0.0.1:8080 weight=1 max_fails=0 down;\n")]
    public void WriteUpstream_EachRotation_WritesTheServerLineAndItsComment(string rotation, string? reason, string expected)
    {
        var text = Write(Upstream(NginxContext.Http, Server(rotation, reason: reason), Server("ready", name: "other")));

        Assert.Contains("    " + expected.Replace("\n", "\n    ", StringComparison.Ordinal).TrimEnd(' '), text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteUpstream_KeptByPanic_StaysInWithAComment()
    {
        var upstream = Upstream(NginxContext.Http, Server("ready", keptByPanic: true, reason: "CONNECT_FAILED"), Server("down", reason: "CONNECT_FAILED", name: "n"))
            with { Panic = "1 of 2 members healthy, below min_healthy_percent 50" };

        var text = Write(upstream);

        Assert.Contains("# panic: 1 of 2 members healthy, below min_healthy_percent 50\n", text, StringComparison.Ordinal);
        Assert.Contains("    # m (mbr-ready): ready, kept in rotation by the pool's panic (min_healthy_percent); failing: CONNECT_FAILED\n"
            + "    server 10.0.0.1:8080 weight=1 max_fails=0;\n", text, StringComparison.Ordinal);
        Assert.Contains("1 of 2 members in rotation", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteUpstream_EveryMemberOut_KeepsThemListedAndSays502()
    {
        var text = Write(Upstream(NginxContext.Http, Server("down", reason: "CONNECT_FAILED"), Server("maint", name: "n")));

        Assert.Contains("every member is out of rotation: nginx answers 502", text, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(text, " down;\n"));
    }

    [Fact]
    public void WriteUpstream_NoMembers_WritesAPlaceholderMarkedDown()
    {
        var text = Write(Upstream(NginxContext.Http));

        Assert.Contains($"    server {NginxWriter.Placeholder} down;\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(100)]
    public void WriteUpstream_Weight_IsTheMembersWeight(int weight)
    {
        Assert.Contains($"weight={weight} max_fails=0;", Write(Upstream(NginxContext.Http, Server("ready", weight: weight))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http", "LEAST_CONNECTIONS", "least_conn;")]
    [InlineData("http", "SOURCE_IP", "ip_hash;")]
    [InlineData("stream", "SOURCE_IP", "hash $remote_addr;")]
    [InlineData("stream", "LEAST_CONNECTIONS", "least_conn;")]
    public void WriteUpstream_Algorithm_IsNginxs(string context, string algorithm, string directive)
    {
        var upstream = Upstream(context == "http" ? NginxContext.Http : NginxContext.Stream, Server("ready")) with { LbAlgorithm = algorithm };

        Assert.Contains("    " + directive + "\n", Write(upstream), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edge", "web", "edge_web")]
    [InlineData("edge:1", "web pool/ä", "edge_1_web_pool__")]
    [InlineData("", "", "_")]
    public void Upstream_Name_IsAValidNginxName(string lb, string pool, string expected)
    {
        Assert.Equal(expected, new NginxNames().Upstream(lb, pool, "pool-1"));
    }

    [Fact]
    public void Upstream_NamesThatFoldToOne_GetThePoolIdAppended()
    {
        var sut = new NginxNames();

        Assert.Equal("edge_Web", sut.Upstream("edge", "Web", "p1"));
        Assert.Equal("edge_web_p2", sut.Upstream("edge", "web", "p2"));
    }

    [Fact]
    public void Comment_NewlineInAName_CannotEndTheComment()
    {
        var text = Write(Upstream(NginxContext.Http, Server("ready", name: "a\nserver 6.6.6.6:1;")));

        Assert.DoesNotContain("\nserver 6.6.6.6", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteUpstreams_EveryRotationInBothContexts_NginxAccepts()
    {
        NginxServer[] all =
        [
            Server("ready", weight: 100), Server("unknown"), Server("down", reason: "CONNECT_FAILED"), Server("drain"), Server("maint"),
            Server("ready", keptByPanic: true, reason: "TIMEOUT") with { MemberId = "mbr-kept", Endpoint = "[::1]:8081" },
        ];
        var fleet = new NginxFleet(
        [
            Upstream(NginxContext.Http, all),
            Upstream(NginxContext.Http, Server("down"), Server("maint")) with { Name = "edge_alldown", LbAlgorithm = "SOURCE_IP" },
            Upstream(NginxContext.Http) with { Name = "edge_empty", LbAlgorithm = "LEAST_CONNECTIONS" },
            Upstream(NginxContext.Stream, all) with { LbAlgorithm = "SOURCE_IP" },
            Upstream(NginxContext.Stream, Server("down")) with { Name = "edge_udp", Protocol = "UDP" },
        ], [], []);
        var http = new StringBuilder();
        NginxWriter.WriteUpstreams(http, fleet, NginxContext.Http, "");
        var stream = new StringBuilder();
        NginxWriter.WriteUpstreams(stream, fleet, NginxContext.Stream, "");

        Assert.DoesNotContain("edge_db", http.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("edge_web", stream.ToString(), StringComparison.Ordinal);
        await NginxProcess.AssertAcceptsAsync(("nginx.conf", NginxProcess.Config("http.conf", "stream.conf")), ("http.conf", http.ToString()),
            ("stream.conf", stream.ToString()));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
