using System.Text;
using System.Text.Json;
using Vitals.Server.Input;

namespace Vitals.Server.Tests.Input;

public sealed class StrictJsonTests
{
    [Theory]
    [InlineData("""{"name":"\ud800"}""", "name")]
    [InlineData("""{"name":"a\udc00b"}""", "name")]
    [InlineData("""{"pool":{"name":"x\ud83d"}}""", "pool.name")]
    [InlineData("""{"ids":["ok","\u0000"]}""", "ids[1]")]
    [InlineData("""{"name":"a\u0001b"}""", "name")]
    [InlineData("""{"name":"\u001b[31m"}""", "name")]
    [InlineData("""{"\ud800":1}""", null)]
    [InlineData("""{"pool":{"a\u0000":1}}""", "pool")]
    [InlineData("""["\ud800"]""", "[0]")]
    public void Parse_UnusableText_IsRefused_NamingTheField(string json, string? field)
    {
        var refused = Assert.Throws<JsonTextException>(() => StrictJson.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(field, refused.Field);
        Assert.IsAssignableFrom<JsonException>(refused);
    }

    [Theory]
    [InlineData("""{"name":"tab\there\nline\r"}""")]
    [InlineData("""{"name":"\ud83e\ude7a emoji pair","n":1e400,"deep":[[[1]]]}""")]
    [InlineData("""{"name":"名前 \u00e9\u202e"}""")]
    public void Parse_UsableText_IsAccepted(string json)
    {
        using var document = StrictJson.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public void Parse_DeeperThanTheLimit_IsRefused()
    {
        var ok = new string('[', StrictJson.MaxDepth) + new string(']', StrictJson.MaxDepth);
        var deep = new string('[', StrictJson.MaxDepth + 1) + new string(']', StrictJson.MaxDepth + 1);

        using (StrictJson.Parse(Encoding.UTF8.GetBytes(ok)))
        {
        }

        Assert.ThrowsAny<JsonException>(() => StrictJson.Parse(Encoding.UTF8.GetBytes(deep)));
    }

    [Fact]
    public void Describe_NamesTheFieldOrTheBody()
    {
        var field = Assert.Throws<JsonTextException>(() => StrictJson.Parse("""{"a":{"b":"\ud800"}}"""));
        var broken = Assert.ThrowsAny<JsonException>(() => StrictJson.Parse("{"));

        Assert.Equal("a.b is not valid Unicode text (a lone surrogate)", StrictJson.Describe(field));
        Assert.StartsWith("the body is not valid JSON: ", StrictJson.Describe(broken), StringComparison.Ordinal);
    }
}
