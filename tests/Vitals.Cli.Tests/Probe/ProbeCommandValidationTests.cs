using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Probe;

/// <summary>Invalid command lines: exit 2, every field-level message on stderr, nothing on stdout.</summary>
public sealed class ProbeCommandValidationTests
{
    [Theory]
    [InlineData(new[] { "--timeout", "0" }, "timeout: must be an integer from 1 to 50 (got 0)")]
    [InlineData(new[] { "--timeout", "abc" }, "timeout: must be an integer from 1 to 50 (got 'abc')")]
    [InlineData(new[] { "--type", "PING" }, "type: must be one of TCP, UDP_CONNECT, HTTP, HTTPS, TLS, GRPC (got 'PING')")]
    [InlineData(new[] { "--type", "HTTP", "--expected-codes", "abc" }, "expected_codes: 'abc' is not a list of codes")]
    [InlineData(new[] { "--type", "GRPC", "--expected-codes", "200" }, "expected_codes: codes must be from 0 to 99")]
    [InlineData(new[] { "--delay", "51" }, "delay: must be an integer from 1 to 50 (got 51)")]
    [InlineData(new[] { "--max-retries", "0" }, "max_retries: must be an integer from 1 to 10 (got 0)")]
    [InlineData(new[] { "--max-retries-down", "11" }, "max_retries_down: must be an integer from 1 to 10 (got 11)")]
    [InlineData(new[] { "--url-path", "health" }, "url_path: must start with '/'")]
    [InlineData(new[] { "--http-method", "PUT" }, "http_method: must be GET, HEAD or POST (got 'PUT')")]
    [InlineData(new[] { "--domain-name", "-bad" }, "domain_name: must start with a letter or a digit")]
    [InlineData(new[] { "--monitor-port", "70000" }, "monitor_port: must be an integer from 1 to 65535 (got 70000)")]
    [InlineData(new[] { "--admin-state-up", "maybe" }, "admin_state_up: must be true or false (got 'maybe')")]
    [InlineData(new[] { "--duration", "5" }, "duration: applies only with --targets-file")]
    public async Task Probe_InvalidMonitorOption_ExitsTwoWithFieldMessage(string[] options, string message)
    {
        var run = await CliRun.InProcessAsync(["probe", .. options, "127.0.0.1:80"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.1", "the port is missing")]
    [InlineData("10.0.0.1:0", "the port must be an integer from 1 to 65535")]
    [InlineData("10.0.0.1:http", "the port must be an integer from 1 to 65535")]
    [InlineData("::1:80", "an IPv6 address must be in brackets")]
    [InlineData("[::1:80", "an IPv6 address needs the form [ADDRESS]:PORT")]
    [InlineData("[not-an-ip]:80", "'not-an-ip' is not an IPv6 address")]
    [InlineData("bad_host!:80", "'bad_host!' is neither an IP address nor a host name")]
    [InlineData(":80", "the address is missing")]
    public async Task Probe_BadAddress_ExitsTwoNamingTheAddress(string address, string message)
    {
        var run = await CliRun.InProcessAsync("probe", address);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains($"address: {message}", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_NoAddress_ExitsTwoSayingItIsRequired()
    {
        var run = await CliRun.InProcessAsync("probe", "--type", "HTTP");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("address: is required", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_SeveralBadOptions_ReportsEveryOneOfThem()
    {
        var run = await CliRun.InProcessAsync("probe", "--type", "HTTP", "--timeout", "0", "--delay", "x",
            "--expected-codes", "abc", "--http-method", "PUT", "10.0.0.1");

        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, static l => l.StartsWith("timeout: ", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.StartsWith("delay: ", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.StartsWith("expected_codes: ", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.StartsWith("http_method: ", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.StartsWith("address: ", StringComparison.Ordinal));
        Assert.Equal(5, lines.Length);
    }

    [Theory]
    [InlineData("-o", "yaml")]
    [InlineData("--no-such-option", "1")]
    public async Task Probe_UnknownOptionOrValue_ExitsTwo(string option, string value)
    {
        var run = await CliRun.InProcessAsync("probe", option, value, "127.0.0.1:80");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.NotEqual("", run.Stderr);
    }

    [Fact]
    public async Task Probe_UnresolvableHostName_ExitsTwo()
    {
        // .invalid never resolves (RFC 2606), so this needs no network.
        var run = await CliRun.InProcessAsync("probe", "no-such-host.invalid:80");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("address: cannot resolve 'no-such-host.invalid'", run.Stderr, StringComparison.Ordinal);
    }
}
