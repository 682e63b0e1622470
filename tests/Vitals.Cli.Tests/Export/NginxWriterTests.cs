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

    [Fact]
    public async Task Standalone_EveryKindOfListener_NginxAcceptsAlone()
    {
        var web = Upstream(NginxContext.Http, Server("ready"));
        var grpc = Upstream(NginxContext.Http, Server("down")) with { Name = "edge_grpc", Protocol = "GRPC" };
        var tls = Upstream(NginxContext.Http, Server("ready")) with { Name = "edge_tls", Protocol = "HTTPS" };
        var tcp = Upstream(NginxContext.Stream, Server("ready"));
        var udp = Upstream(NginxContext.Stream, Server("unknown")) with { Name = "edge_dns", Protocol = "UDP" };
        NginxListener[] listeners =
        [
            new("lsn-1", "web", "HTTP", 8080, true, web),
            new("lsn-2", "api", "HTTPS", 8443, true, grpc),
            new("lsn-3", "secure", "HTTPS", 9443, true, tls),
            new("lsn-4", "db", "TCP", 5432, true, tcp),
            new("lsn-5", "dns", "UDP", 5353, true, udp),
            new("lsn-6", "db-again", "TCP", 5432, true, tcp),
            new("lsn-7", "off", "HTTP", 8081, false, web),
        ];
        var sb = new StringBuilder();
        new NginxStandalone("::1", "run/nginx.pid", [NginxProcess.StreamModule]).Write(sb, new NginxFleet([web, grpc, tls, tcp, udp], listeners, []));
        var text = sb.ToString();

        Assert.Contains("        listen [::1]:8443 http2;\n        location / {\n            grpc_pass grpc://edge_grpc;\n", text, StringComparison.Ordinal);
        Assert.Contains("            proxy_pass https://edge_tls;\n", text, StringComparison.Ordinal);
        Assert.Contains("        listen [::1]:5353 udp;\n        proxy_pass edge_dns;\n", text, StringComparison.Ordinal);
        Assert.Contains("    # port 5432 is already served for listener db: left out\n", text, StringComparison.Ordinal);
        Assert.Contains("    # switched off: not served\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("listen [::1]:8081", text, StringComparison.Ordinal);
        Assert.Contains("pid run/nginx.pid;\n", text, StringComparison.Ordinal);
        await NginxProcess.AssertAcceptsAsync(("nginx.conf", text.Replace("pid run/nginx.pid;", "pid nginx.pid;", StringComparison.Ordinal)));
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
