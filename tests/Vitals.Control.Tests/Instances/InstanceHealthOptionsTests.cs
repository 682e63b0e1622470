using System.Globalization;
using Microsoft.Extensions.Options;
using Vitals.Control.Instances;

namespace Vitals.Control.Tests.Instances;

public sealed class InstanceHealthOptionsTests
{
    [Theory]
    [InlineData(nameof(InstanceHealthOptions.ScrapeInterval), "00:00:00.999")]
    [InlineData(nameof(InstanceHealthOptions.ScrapeInterval), "02:00:00")]
    [InlineData(nameof(InstanceHealthOptions.ScrapeTimeout), "00:00:00")]
    [InlineData(nameof(InstanceHealthOptions.ScrapeTimeout), "00:05:01")]
    [InlineData(nameof(InstanceHealthOptions.MaxConcurrentScrapes), "0")]
    [InlineData(nameof(InstanceHealthOptions.MaxConcurrentScrapes), "1025")]
    [InlineData(nameof(InstanceHealthOptions.UnreachableAfterFailures), "0")]
    [InlineData(nameof(InstanceHealthOptions.Tick), "00:00:00.001")]
    [InlineData(nameof(InstanceHealthOptions.Thresholds), null)]
    public void Validate_OutOfRange_ThrowsNamingTheOption(string option, string? value)
    {
        var sut = With(option, value);

        var error = Assert.Throws<OptionsValidationException>(() => InstanceHealthOptions.Validate(sut));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(InstanceHealthOptions.ScrapeInterval), "00:00:01")]
    [InlineData(nameof(InstanceHealthOptions.ScrapeInterval), "01:00:00")]
    [InlineData(nameof(InstanceHealthOptions.ScrapeTimeout), "00:00:00.100")]
    [InlineData(nameof(InstanceHealthOptions.MaxConcurrentScrapes), "1024")]
    [InlineData(nameof(InstanceHealthOptions.UnreachableAfterFailures), "1")]
    [InlineData(nameof(InstanceHealthOptions.Tick), "00:00:10")]
    public void Validate_InRange_Passes(string option, string value)
    {
        var sut = With(option, value);

        InstanceHealthOptions.Validate(sut);
    }

    [Fact]
    public void Validate_Defaults_Pass() => InstanceHealthOptions.Validate(new InstanceHealthOptions());

    private static InstanceHealthOptions With(string option, string? value)
    {
        var options = new InstanceHealthOptions();
        var property = typeof(InstanceHealthOptions).GetProperty(option)!;
        object? parsed = value is null ? null
            : property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value, CultureInfo.InvariantCulture)
            : int.Parse(value, CultureInfo.InvariantCulture);
        property.SetValue(options, parsed);
        return options;
    }
}
