using System.Globalization;
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
    [InlineData(HealthMonitorType.Grpc, "0")]
    [InlineData(HealthMonitorType.Http, "200")]
    public void Spec_BuiltDirectly_ExpectedCodesDefaultFollowsType(HealthMonitorType type, string expected)
    {
        var sut = new HealthMonitorSpec { Type = type, Delay = 5, Timeout = 3, MaxRetries = 3 };

        Assert.Equal(expected, sut.ExpectedCodes.Text);
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

    [Theory]
    [InlineData("delay", "0", "delay: must be an integer from 1 to 50 (got 0)")]
    [InlineData("timeout", "51", "timeout: must be an integer from 1 to 50 (got 51)")]
    [InlineData("max_retries_down", "11", "max_retries_down: must be an integer from 1 to 10 (got 11)")]
    [InlineData("monitor_port", "0", "monitor_port: must be an integer from 1 to 65535 (got 0)")]
    [InlineData("type", "PING", "type: must be one of TCP, UDP_CONNECT, HTTP, HTTPS, TLS, GRPC (got 'PING')")]
    [InlineData("http_method", "PUT", "http_method: must be GET, HEAD or POST (got 'PUT')")]
    [InlineData("url_path", "health", "url_path: must start with '/'")]
    [InlineData("url_path", "/q?x=1", "url_path: may contain only letters, digits and -/.%?#&_;~!()*[]@$^:',+ (found '=')")]
    [InlineData("domain_name", "host_name", "domain_name: may contain only letters, digits, '-' and '.' (found '_')")]
    [InlineData("domain_name", "", "domain_name: must be 1 to 100 characters")]
    [InlineData("expected_codes", "204-200", "expected_codes: range '204-200' must be ascending")]
    [InlineData("expected_codes", "404,600", "expected_codes: codes must be from 200 to 599 (got '600')")]
    public void TryCreate_OneBadField_ExactMessage(string field, string value, string expected)
    {
        var draft = field switch
        {
            "delay" => Valid() with { Delay = int.Parse(value, CultureInfo.InvariantCulture) },
            "timeout" => Valid() with { Timeout = int.Parse(value, CultureInfo.InvariantCulture) },
            "max_retries_down" => Valid() with { MaxRetriesDown = int.Parse(value, CultureInfo.InvariantCulture) },
            "monitor_port" => Valid() with { MonitorPort = int.Parse(value, CultureInfo.InvariantCulture) },
            "type" => Valid() with { Type = value },
            "http_method" => Valid() with { HttpMethod = value },
            "url_path" => Valid() with { UrlPath = value },
            "domain_name" => Valid() with { DomainName = value },
            _ => Valid() with { ExpectedCodes = value },
        };

        Assert.False(HealthMonitorValidator.TryCreate(draft, out _, out var errors));

        Assert.Equal(expected, Assert.Single(errors).ToString());
    }

    [Theory]
    [InlineData(1, 1, 1, 1, 1)]
    [InlineData(50, 50, 10, 10, 65535)]
    public void TryCreate_RangeEnds_Accepted(int delay, int timeout, int rise, int fall, int port)
    {
        var draft = Valid() with { Delay = delay, Timeout = timeout, MaxRetries = rise, MaxRetriesDown = fall, MonitorPort = port };

        Assert.True(HealthMonitorValidator.TryCreate(draft, out var spec, out var errors), string.Join("; ", errors));
        Assert.Equal(TimeSpan.FromSeconds(delay), spec!.DelaySpan);
        Assert.Equal(TimeSpan.FromSeconds(timeout), spec.TimeoutSpan);
    }

    [Fact]
    public void TryCreate_TimeoutNotBelowDelay_IsAllowed()
    {
        // Advisory only (Huawei does not enforce it); diagnosis warns about it instead.
        Assert.True(HealthMonitorValidator.TryCreate(Valid() with { Delay = 3, Timeout = 10 }, out _, out _));
    }

    [Theory]
    [InlineData("GRPC", "0-16", "0-16")]
    [InlineData("GRPC", "0,5", "0,5")]
    [InlineData("HTTPS", "200-399", "200-399")]
    public void TryCreate_CodesInTheTypesRange_Accepted(string type, string codes, string normalised)
    {
        Assert.True(HealthMonitorValidator.TryCreate(Valid(type) with { ExpectedCodes = codes }, out var spec, out var errors),
            string.Join("; ", errors));
        Assert.Equal(normalised, spec!.ExpectedCodes.Text);
    }

    [Theory]
    [InlineData("GRPC", "200")]
    [InlineData("HTTP", "0")]
    [InlineData("TCP", "0")]
    public void TryCreate_CodesOutsideTheTypesRange_FieldError(string type, string codes)
    {
        Assert.False(HealthMonitorValidator.TryCreate(Valid(type) with { ExpectedCodes = codes }, out _, out var errors));
        Assert.Equal("expected_codes", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("get", HttpCheckMethod.Get)]
    [InlineData("HEAD", HttpCheckMethod.Head)]
    [InlineData(" post ", HttpCheckMethod.Post)]
    public void TryCreate_HttpMethod_CaseInsensitive(string method, HttpCheckMethod expected)
    {
        Assert.True(HealthMonitorValidator.TryCreate(Valid() with { HttpMethod = method }, out var spec, out _));
        Assert.Equal(expected, spec!.HttpMethod);
    }

    [Theory]
    [InlineData("udp_connect", HealthMonitorType.UdpConnect)]
    [InlineData("UDP-CONNECT", HealthMonitorType.UdpConnect)]
    [InlineData("UDP", HealthMonitorType.UdpConnect)]
    [InlineData(" tls ", HealthMonitorType.Tls)]
    public void TryCreate_TypeSpellings_Parse(string wire, HealthMonitorType expected)
    {
        Assert.True(HealthMonitorValidator.TryCreate(Valid(wire), out var spec, out _));
        Assert.Equal(expected, spec!.Type);
    }

    [Fact]
    public void ValidateUrlPath_Exactly80_IsNull() => Assert.Null(HealthMonitorValidator.ValidateUrlPath("/" + new string('a', 79)));

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void ValidateDomainName_Length(int length, bool valid) =>
        Assert.Equal(valid, HealthMonitorValidator.ValidateDomainName(new string('a', length)) is null);
}
