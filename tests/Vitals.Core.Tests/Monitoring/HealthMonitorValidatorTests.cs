using Vitals.Core.Monitoring;

namespace Vitals.Core.Tests.Monitoring;

public sealed class HealthMonitorValidatorTests
{
    private static HealthMonitorDraft Valid(string type = "HTTP") => new()
    {
        Type = type, Delay = 5, Timeout = 3, MaxRetries = 3,
    };

    [Fact]
    public void TryCreate_MinimalHttp_AppliesDefaults()
    {
        var ok = HealthMonitorValidator.TryCreate(Valid(), out var spec, out var errors);

        Assert.True(ok, string.Join("; ", errors));
        Assert.Equal(HealthMonitorType.Http, spec!.Type);
        Assert.Equal(3, spec.MaxRetriesDown);
        Assert.Equal("200", spec.ExpectedCodes.Text);
        Assert.Equal("/", spec.UrlPath);
        Assert.Equal(HttpCheckMethod.Get, spec.HttpMethod);
        Assert.Null(spec.DomainName);
        Assert.Null(spec.MonitorPort);
        Assert.True(spec.AdminStateUp);
    }

    [Fact]
    public void TryCreate_Grpc_DefaultsExpectedCodesToZero()
    {
        Assert.True(HealthMonitorValidator.TryCreate(Valid("GRPC"), out var spec, out _));
        Assert.Equal("0", spec!.ExpectedCodes.Text);
        Assert.True(spec.ExpectedCodes.Contains(0));
        Assert.False(spec.ExpectedCodes.Contains(12));
    }

    [Theory]
    [InlineData("TCP", HealthMonitorType.Tcp)]
    [InlineData("UDP_CONNECT", HealthMonitorType.UdpConnect)]
    [InlineData("HTTP", HealthMonitorType.Http)]
    [InlineData("HTTPS", HealthMonitorType.Https)]
    [InlineData("TLS", HealthMonitorType.Tls)]
    [InlineData("GRPC", HealthMonitorType.Grpc)]
    [InlineData("grpc", HealthMonitorType.Grpc)]
    public void TryCreate_EveryType_Parses(string wire, HealthMonitorType expected)
    {
        Assert.True(HealthMonitorValidator.TryCreate(Valid(wire), out var spec, out _));
        Assert.Equal(expected, spec!.Type);
    }

    [Fact]
    public void TryCreate_EverythingWrong_ReportsEveryField()
    {
        var draft = new HealthMonitorDraft
        {
            Type = "PING", Delay = 0, Timeout = 51, MaxRetries = 11, MaxRetriesDown = 0,
            UrlPath = "health", HttpMethod = "PUT", DomainName = "-bad", MonitorPort = 70000,
        };

        Assert.False(HealthMonitorValidator.TryCreate(draft, out var spec, out var errors));

        Assert.Null(spec);
        Assert.Equal(
            ["type", "delay", "timeout", "max_retries", "max_retries_down", "monitor_port", "http_method", "url_path", "domain_name"],
            errors.Select(e => e.Field));
    }

    [Fact]
    public void TryCreate_MissingRequired_SaysRequired()
    {
        Assert.False(HealthMonitorValidator.TryCreate(new HealthMonitorDraft(), out _, out var errors));
        Assert.All(errors, e => Assert.Contains("is required", e.Message, StringComparison.Ordinal));
        Assert.Equal(["type", "delay", "timeout", "max_retries"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("200", "200")]
    [InlineData("200,202", "200,202")]
    [InlineData("200, 202", "200,202")]
    [InlineData("200-204", "200-204")]
    [InlineData("301,200-204", "200-204,301")]
    [InlineData("599", "599")]
    public void TryCreate_ValidExpectedCodes_Normalises(string input, string normalised)
    {
        Assert.True(HealthMonitorValidator.TryCreate(Valid() with { ExpectedCodes = input }, out var spec, out var errors),
            string.Join("; ", errors));
        Assert.Equal(normalised, spec!.ExpectedCodes.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("199")]
    [InlineData("600")]
    [InlineData("204-200")]
    [InlineData("200-")]
    [InlineData("200,,201")]
    [InlineData("2000")]
    public void TryCreate_InvalidExpectedCodes_IsFieldError(string input)
    {
        Assert.False(HealthMonitorValidator.TryCreate(Valid() with { ExpectedCodes = input }, out _, out var errors));
        Assert.Equal("expected_codes", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/a-b_c.d/e?x&y#f")]
    [InlineData("/%20~!()*[]@$^:',+;")]
    public void ValidateUrlPath_Allowed_IsNull(string path) => Assert.Null(HealthMonitorValidator.ValidateUrlPath(path));

    [Theory]
    [InlineData("")]
    [InlineData("health")]
    [InlineData("/with space")]
    [InlineData("/quote\"")]
    [InlineData("/q?x=1")]
    [InlineData("/<script>")]
    public void ValidateUrlPath_Forbidden_HasMessage(string path) => Assert.NotNull(HealthMonitorValidator.ValidateUrlPath(path));

    [Fact]
    public void ValidateUrlPath_TooLong_HasMessage() => Assert.NotNull(HealthMonitorValidator.ValidateUrlPath("/" + new string('a', 80)));

    [Theory]
    [InlineData("app.example.com", true)]
    [InlineData("1host", true)]
    [InlineData("-host", false)]
    [InlineData("host_name", false)]
    [InlineData("", false)]
    public void ValidateDomainName_Cases(string name, bool valid) =>
        Assert.Equal(valid, HealthMonitorValidator.ValidateDomainName(name) is null);

    [Fact]
    public void Draft_From_RoundTripsSpec()
    {
        Assert.True(HealthMonitorValidator.TryCreate(Valid() with { ExpectedCodes = "200-299", DomainName = "x.test", MonitorPort = 81 }, out var spec, out _));
        Assert.True(HealthMonitorValidator.TryCreate(HealthMonitorDraft.From(spec!), out var again, out _));
        Assert.Equal(spec, again);
    }
}
