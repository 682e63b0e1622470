using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vitals.Cli.Logging;
using Vitals.Server.Telemetry;

namespace Vitals.Cli.Tests.Logging;

/// <summary>The CLI's stderr logger writes through the platform's console formatters, escaping what a target sent.</summary>
public sealed class StderrLoggerTests
{
    [Fact]
    public void Log_Text_OneSimpleFormatterLineWithCategoryAndEventId()
    {
        var stderr = new StringWriter();
        using var factory = new LoggerFactory([new StderrLoggerProvider(stderr, LogLevel.Warning, LogFormat.Text)]);
        var sut = factory.CreateLogger("Vitals.Engine.HealthEngine");

        sut.Log(LogLevel.Warning, new EventId(2006, "ChecksSkipped"), "3 checks skipped: \u001b[31mred\u001b[0m", null, static (s, _) => s);
        sut.Log(LogLevel.Information, new EventId(2012, "EngineStarted"), "below the minimum level", null, static (s, _) => s);
        sut.Log(LogLevel.Warning, new EventId(2001, "MemberHealthy"), "a member event: the command prints it itself", null, static (s, _) => s);

        Assert.Equal("warn: Vitals.Engine.HealthEngine[2006] 3 checks skipped: \\e[31mred\\e[0m" + Environment.NewLine, stderr.ToString());
    }

    [Fact]
    public void Log_Json_OneJsonObjectWithEventIdLevelCategoryAndMessage()
    {
        var stderr = new StringWriter();
        using var factory = new LoggerFactory([new StderrLoggerProvider(stderr, LogLevel.Warning, LogFormat.Json)]);
        var sut = factory.CreateLogger("Vitals.Engine.HealthEngine");

        sut.Log(LogLevel.Error, new EventId(2010, "ProberFault"), "prober fault", null, static (s, _) => s);

        var line = Assert.Single(stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        using var entry = JsonDocument.Parse(line);
        Assert.Equal(2010, entry.RootElement.GetProperty("EventId").GetInt32());
        Assert.Equal("Error", entry.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal("Vitals.Engine.HealthEngine", entry.RootElement.GetProperty("Category").GetString());
        Assert.Equal("prober fault", entry.RootElement.GetProperty("Message").GetString());
    }
}
