using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Core.Validation;

namespace Vitals.Core.Tests.Resources;

public sealed class HaproxyBindingRulesTests
{
    [Theory]
    [InlineData("/run/haproxy/admin.sock", "/run/haproxy/admin.sock", null)]
    [InlineData("unix:/var/run/haproxy/x/admin.sock", "/var/run/haproxy/x/admin.sock", null)]
    [InlineData("10.0.0.7:9999", null, "10.0.0.7:9999")]
    [InlineData("[2001:db8::7]:9999", null, "[2001:db8::7]:9999")]
    public void RuntimeApi_Allowed_IsReturnedParsed_NoError(string text, string? socket, string? endpoint)
    {
        var errors = new FieldErrorList();

        var sut = HaproxyBindingRules.RuntimeApi(errors, text, required: true, SocketPathPolicy.Default);

        Assert.False(errors.HasErrors);
        Assert.NotNull(sut);
        Assert.Equal(socket, sut.SocketPath);
        Assert.Equal(endpoint, sut.Endpoint?.ToString());
    }

    [Theory]
    [InlineData("/var/run/docker.sock", "--allow-sockets")]
    [InlineData("/run/haproxy-evil/admin.sock", "--allow-sockets")]
    [InlineData("/run/haproxy/../docker.sock", "must be an absolute unix socket path")]
    [InlineData("admin.sock", "must be an absolute unix socket path")]
    [InlineData("haproxy:9999", "must be an absolute unix socket path")]
    [InlineData("", "must be an absolute unix socket path")]
    public void RuntimeApi_Refused_OneErrorOnTheField_NullReturned(string text, string expected)
    {
        var errors = new FieldErrorList();

        var sut = HaproxyBindingRules.RuntimeApi(errors, text, required: false, SocketPathPolicy.Default);

        Assert.Null(sut);
        var error = Assert.Single(errors.Errors);
        Assert.Equal("runtime_api", error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RuntimeApi_Absent_RequiredOnlyOnCreate()
    {
        var create = new FieldErrorList();
        var update = new FieldErrorList();

        HaproxyBindingRules.RuntimeApi(create, null, required: true, SocketPathPolicy.Default);
        HaproxyBindingRules.RuntimeApi(update, null, required: false, SocketPathPolicy.Default);

        Assert.StartsWith("is required: an absolute unix socket path", Assert.Single(create.Errors).Message, StringComparison.Ordinal);
        Assert.False(update.HasErrors);
    }

    [Fact]
    public void Backends_EveryBadEntryNamed_GoodOnesPass()
    {
        var errors = new FieldErrorList();
        var backends = new Dictionary<string, string>
        {
            ["sgp-ok"] = "be_web-1.a:b",
            ["sgp-space"] = "be web",
            ["sgp-empty"] = "",
            ["sgp-long"] = new('b', 256),
            ["sgp-unicode"] = "bé",
            [""] = "be",
        };

        HaproxyBindingRules.Backends(errors, backends);

        Assert.Equal(["backends", "backends.sgp-empty", "backends.sgp-long", "backends.sgp-space", "backends.sgp-unicode"],
            errors.Errors.Select(static e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Backends_NullOrEmpty_NoError_TooMany_OneError()
    {
        var errors = new FieldErrorList();
        var tooMany = Enumerable.Range(0, HaproxyBindingRules.MaxBackends + 1).ToDictionary(static i => $"sgp-{i}", static _ => "be");

        HaproxyBindingRules.Backends(errors, null);
        HaproxyBindingRules.Backends(errors, new Dictionary<string, string>());
        Assert.False(errors.HasErrors);
        HaproxyBindingRules.Backends(errors, tooMany);

        Assert.Equal("backends", Assert.Single(errors.Errors).Field);
    }
}
