using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Vitals.Engine.Tests;

public sealed class HealthEngineLogTests
{
    [Fact]
    public void LogEvents_All_UniqueIdsInEngineRangeWithNames()
    {
        var methods = typeof(HealthEngine).GetNestedType("Log", BindingFlags.NonPublic)!
            .GetMethods(BindingFlags.Public | BindingFlags.Static);
        var attributes = methods.Select(m => m.GetCustomAttribute<LoggerMessageAttribute>()).OfType<LoggerMessageAttribute>().ToList();

        Assert.True(attributes.Count >= 10);
        Assert.All(attributes, a => Assert.InRange(a.EventId, 2001, 2999));
        Assert.All(attributes, a => Assert.False(string.IsNullOrEmpty(a.EventName)));
        Assert.Equal(attributes.Count, attributes.Select(a => a.EventId).Distinct().Count());
        Assert.Equal(attributes.Count, attributes.Select(a => a.EventName).Distinct().Count());
    }

    [Fact]
    public void Options_OutOfRange_RejectedTogether()
    {
        var options = new EngineOptions { MaxInFlight = 0, Jitter = 2 };

        var error = Assert.Throws<ArgumentException>(() => new HealthEngine(new FakeProber(new()), TimeProvider.System, options));

        Assert.Contains("MaxInFlight", error.Message, StringComparison.Ordinal);
        Assert.Contains("Jitter", error.Message, StringComparison.Ordinal);
    }
}
