using Vitals.Core.Resources;
using Vitals.Core.Validation;

namespace Vitals.Core.Tests.Resources;

public sealed class LbAlgorithmsTests
{
    [Theory]
    [InlineData("ROUND_ROBIN", "ROUND_ROBIN")]
    [InlineData("least_connections", "LEAST_CONNECTIONS")]
    [InlineData(" Source_Ip ", "SOURCE_IP")]
    [InlineData("QUIC_CID", "QUIC_CID")]
    public void TryParse_KnownNamesAnyCase_GivesTheWireName(string text, string expected)
    {
        Assert.True(LbAlgorithms.TryParse(text, out var algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("RANDOM")]
    [InlineData("ROUND-ROBIN")]
    public void TryParse_Unknown_IsFalse(string? text) => Assert.False(LbAlgorithms.TryParse(text, out _));

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("front door", false)]
    public void Description_UpToTheLimit_IsValid(string? description, bool error)
    {
        var errors = new FieldErrorList();
        DescriptionRule.Check(errors, description);
        Assert.Equal(error, errors.HasErrors);
    }

    [Fact]
    public void Description_OverTheLimit_NamesTheField()
    {
        var errors = new FieldErrorList();
        DescriptionRule.Check(errors, new string('d', DescriptionRule.MaxLength + 1));
        Assert.Equal("description", Assert.Single(errors.Errors).Field);
    }
}
