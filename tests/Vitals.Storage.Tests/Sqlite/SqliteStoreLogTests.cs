using System.Reflection;
using Microsoft.Extensions.Logging;
using Vitals.Storage.Sqlite;

namespace Vitals.Storage.Tests.Sqlite;

public sealed class SqliteStoreLogTests
{
    [Fact]
    public void LoggerMessages_IdsUniqueAndInTheStorageRange()
    {
        var attributes = typeof(SqliteStore).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        Assert.NotEmpty(attributes);
        Assert.All(attributes, a => Assert.InRange(a.EventId, 3000, 3999));
        Assert.Equal(attributes.Count, attributes.Select(a => a.EventId).Distinct().Count());
        Assert.Equal(attributes.Count, attributes.Select(a => a.EventName).Distinct().Count());
    }
}
