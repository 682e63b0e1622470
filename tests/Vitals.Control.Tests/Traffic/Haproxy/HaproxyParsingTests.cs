using System.Buffers;
using System.Text;
using Vitals.Control.Traffic.Haproxy;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary>Parsing on text captured from HAProxy 2.6.12 (Debian 12); the same paths run against the real process elsewhere.</summary>
public sealed class HaproxyParsingTests
{
    private const string Header =
        "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change "
        + "srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn "
        + "srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port";

    [Fact]
    public void SplitAnswers_CapturedConversation_OneAnswerPerCommand()
    {
        // prompt; show version; set server (ok); set server (no such server); del server (2.6: no line feed of its own); set weight (error)
        var captured = "\n> 2.6.12-1+deb12u4\n\n> \n> No such server.\n\n> Server deleted.\n> Absolute weight can only be between 0 and 256 inclusive.\n\n> ";

        var answers = HaproxyCliFraming.SplitAnswers(Encoding.UTF8.GetBytes(captured), 5);

        Assert.Equal(["2.6.12-1+deb12u4", "", "No such server.", "Server deleted.", "Absolute weight can only be between 0 and 256 inclusive."], answers);
    }

    [Fact]
    public void SplitAnswers_ClosedEarly_ReturnsOnlyCompleteAnswers()
    {
        var answers = HaproxyCliFraming.SplitAnswers("\n> 2.6.12\n\n> partial answ"u8, 3);

        Assert.Equal(["2.6.12"], answers);
    }

    [Fact]
    public void SplitAnswers_NotAPromptConversation_Null()
    {
        Assert.Null(HaproxyCliFraming.SplitAnswers("HTTP/1.1 400 Bad Request\r\n"u8, 1));
        Assert.Null(HaproxyCliFraming.SplitAnswers(""u8, 1));
    }

    [Fact]
    public void BuildRequest_PromptThenOneLinePerCommandThenQuit()
    {
        var buffer = HaproxyCliFraming.BuildRequest(["show version", "set server web/s1 weight 3"], out var length);
        try
        {
            Assert.Equal("prompt\nshow version\nset server web/s1 weight 3\nquit\n", Encoding.UTF8.GetString(buffer, 0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void ParseServersState_Captured_EveryColumn()
    {
        var answer = "1\n" + Header + "\n"
            + "2 be1 1 s1 127.0.0.1 0 8 1 1 0 1 0 0 0 0 0 0 - 9001 - 0 0 - - 0\n"
            + "2 be1 2 s2 127.0.0.1 2 0 1 1 8 6 3 4 6 0 0 0 - 9002 - 0 0 - - 0\n"
            + "2 be1 5 n3 ::1 0 1 30 30 0 1 0 0 0 22 0 1 app.example 9100 _http._tcp.example 1 9200 10.0.0.9 127.0.0.1 9999";

        var states = HaproxyServersStateParser.Parse("show servers state", answer);

        Assert.Equal(3, states.Count);
        var drained = states[0];
        Assert.Equal(new HaproxyServerState(2, "be1", 1, "s1", "127.0.0.1", HaproxyOperationalState.Stopped, HaproxyAdminFlags.ForcedDrain,
            1, 1, 0, 1, HaproxyCheckResult.Unknown, 0, HaproxyCheckFlags.None, HaproxyCheckFlags.None, false, false, null, 9001, null,
            false, 0, null, null, 0), drained);
        Assert.True(drained.IsDrain);
        Assert.False(drained.IsUp);
        Assert.False(drained.HasCheck);
        var checkedUp = states[1];
        Assert.Equal(HaproxyOperationalState.Running, checkedUp.OperationalState);
        Assert.Equal(HaproxyCheckResult.Passed, checkedUp.CheckResult);
        Assert.Equal(HaproxyCheckFlags.Configured | HaproxyCheckFlags.Enabled, checkedUp.CheckState);
        Assert.True(checkedUp.HasCheck);
        Assert.Equal(6, checkedUp.CheckStatus);
        Assert.Equal(8, checkedUp.SecondsSinceLastChange);
        var added = states[2];
        Assert.True(added.IsMaint);
        Assert.Equal("::1", added.Address);
        Assert.Equal(30, added.UserWeight);
        Assert.Equal(HaproxyCheckFlags.Configured | HaproxyCheckFlags.Enabled | HaproxyCheckFlags.Agent, added.AgentState);
        Assert.True(added.HasAgent);
        Assert.True(added.ServerForcedId);
        Assert.Equal("app.example", added.Fqdn);
        Assert.Equal("_http._tcp.example", added.SrvRecord);
        Assert.True(added.UseSsl);
        Assert.Equal(9200, added.CheckPort);
        Assert.Equal("10.0.0.9", added.CheckAddress);
        Assert.Equal("127.0.0.1", added.AgentAddress);
        Assert.Equal(9999, added.AgentPort);
    }

    [Fact]
    public void ParseServersState_FewerColumns_ByName()
    {
        // An older HAProxy without the check/agent address columns: found by name, the rest defaults.
        var answer = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_port\n"
            + "3 web 1 a 10.0.0.1 2 1 7 9 80";

        var state = Assert.Single(HaproxyServersStateParser.Parse("show servers state", answer));

        Assert.Equal(("web", "a", 7, 9, 80, HaproxyAdminFlags.ForcedMaint), (state.BackendName, state.ServerName, state.UserWeight, state.InitialWeight, state.Port, state.AdminState));
        Assert.Null(state.AgentAddress);
    }

    [Fact]
    public void ParseServersState_EmptyBackend_NoServers()
    {
        Assert.Empty(HaproxyServersStateParser.Parse("show servers state", "1\n" + Header));
    }

    [Theory]
    [InlineData("Can't find backend.", "Can't find backend.")]
    [InlineData("2\n# be_id be_name", "format 2 is not supported")]
    [InlineData("1\n2 web 1 a", "without its header line")]
    [InlineData("1\n# be_id be_name srv_id\n3 web 1", "without column srv_name")]
    [InlineData("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight\n3 web 1 a 10.0.0.1 x 0 1", "column srv_op_state is not a number")]
    [InlineData("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight\n3 web 1 a", "with 4 fields, 8 expected")]
    public void ParseServersState_NotAStateDump_RuntimeError(string answer, string expected)
    {
        var ex = Assert.Throws<HaproxyRuntimeException>(() => HaproxyServersStateParser.Parse("show servers state web", answer));

        Assert.Equal("show servers state web", ex.Command);
        Assert.Contains(expected, ex.HaproxyMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.6.12-1+deb12u4", 2, 6, 12, true)]
    [InlineData("2.8-dev9-e5e622-18", 2, 8, 0, true)]
    [InlineData("2.4.22", 2, 4, 22, false)]
    [InlineData("2.5.0", 2, 5, 0, true)]
    [InlineData("3.0.5-1~bpo12+1", 3, 0, 5, true)]
    public void Version_Parsed_Compared(string text, int major, int minor, int patch, bool dynamic)
    {
        Assert.True(HaproxyVersion.TryParse(text, out var sut));

        Assert.Equal((major, minor, patch, text), (sut.Major, sut.Minor, sut.Patch, sut.Text));
        Assert.Equal(dynamic, sut.SupportsDynamicServers);
        Assert.Equal(dynamic, sut >= HaproxyVersion.DynamicServers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Unknown command")]
    [InlineData("2")]
    [InlineData("v2.6")]
    public void Version_NotAVersion_False(string text) => Assert.False(HaproxyVersion.TryParse(text, out _));

    [Fact]
    public void Version_Order_ByNumbersNotText()
    {
        Assert.True(HaproxyVersion.TryParse("2.10.1", out var later));
        Assert.True(HaproxyVersion.TryParse("2.9.14", out var earlier));

        Assert.True(later > earlier);
        Assert.True(earlier < later);
    }
}
