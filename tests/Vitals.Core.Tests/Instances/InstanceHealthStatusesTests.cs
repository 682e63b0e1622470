using Vitals.Core.Instances;

namespace Vitals.Core.Tests.Instances;

public sealed class InstanceHealthStatusesTests
{
    [Theory]
    [InlineData(InstanceHealthStatus.Ok, "Ok", 0)]
    [InlineData(InstanceHealthStatus.Impaired, "Impaired", 128)]
    [InlineData(InstanceHealthStatus.Warning, "Warning", 64)]
    [InlineData(InstanceHealthStatus.Maintaining, "Maintaining", 65)]
    [InlineData(InstanceHealthStatus.Initializing, "Initializing", 2)]
    [InlineData(InstanceHealthStatus.InsufficientData, "InsufficientData", 3)]
    [InlineData(InstanceHealthStatus.NotApplicable, "NotApplicable", 4)]
    public void WireNameAndCode_EachStatus_MatchTheEcsTable(InstanceHealthStatus status, string wireName, int code)
    {
        Assert.Equal(wireName, InstanceHealthStatuses.WireName(status));
        Assert.Equal(code, InstanceHealthStatuses.Code(status));
        Assert.True(InstanceHealthStatuses.TryParse(wireName, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Fact]
    public void All_CoversEveryEnumValueWithDistinctCodes()
    {
        Assert.Equal(Enum.GetValues<InstanceHealthStatus>(), InstanceHealthStatuses.All);
        Assert.Equal(InstanceHealthStatuses.All.Count, InstanceHealthStatuses.All.Select(InstanceHealthStatuses.Code).Distinct().Count());
    }

    [Theory]
    [InlineData("OK", true)]
    [InlineData("ok", false)]
    [InlineData("impaired", false)]
    [InlineData("Healthy", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParse_FilterValue_IsCaseSensitiveAndTakesLegacyOk(string? value, bool expected)
    {
        Assert.Equal(expected, InstanceHealthStatuses.TryParse(value, out var status));
        if (expected)
        {
            Assert.Equal(InstanceHealthStatus.Ok, status);
        }
    }
}
