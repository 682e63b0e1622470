using Vitals.Core.Resources;
using Vitals.Core.Validation;

namespace Vitals.Core.Tests.Resources;

public sealed class InstanceRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, true)]
    [InlineData("http://10.0.0.5:9100/metrics", true)]
    [InlineData("https://host.example/metrics", true)]
    [InlineData("", false)]
    [InlineData("ftp://10.0.0.5/metrics", false)]
    [InlineData("/metrics", false)]
    [InlineData("http://user:secret@10.0.0.5:9100/metrics", false)]
    [InlineData("not a url", false)]
    public void NodeExporterUrl_Cases(string? url, bool valid)
    {
        var errors = new FieldErrorList();

        InstanceRules.NodeExporterUrl(errors, url);

        Assert.Equal(!valid, errors.HasErrors);
        Assert.All(errors.Errors, e => Assert.Equal("node_exporter_url", e.Field));
    }

    [Fact]
    public void MaintenanceWindows_EndNotAfterStartAndLongDescription_NamesEachByPosition()
    {
        var errors = new FieldErrorList();
        MaintenanceWindow[] windows =
        [
            new(T0, T0.AddHours(1), "ok"),
            new(T0, T0, "empty"),
            new(T0, T0.AddHours(1), new string('d', InstanceRules.MaxDescriptionLength + 1)),
        ];

        InstanceRules.MaintenanceWindows(errors, windows);

        Assert.Equal(["maintenance_windows[1].end", "maintenance_windows[2].description"], errors.Errors.Select(e => e.Field));
    }

    [Fact]
    public void MaintenanceWindows_TooMany_IsOneError()
    {
        var errors = new FieldErrorList();
        var windows = Enumerable.Range(0, InstanceRules.MaxWindows + 1).Select(i => new MaintenanceWindow(T0.AddDays(i), T0.AddDays(i).AddHours(1))).ToArray();

        InstanceRules.MaintenanceWindows(errors, windows);

        Assert.Equal("maintenance_windows", Assert.Single(errors.Errors).Field);
    }
}
