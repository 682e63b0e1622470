using Npgsql;
using Vitals.Storage.Postgres;

namespace Vitals.Storage.Tests.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("postgres://vitals:s3cret@db.example.com:6543/fleet", "db.example.com", 6543, "vitals", "s3cret", "fleet")]
    [InlineData("postgresql://vitals@10.0.0.5/fleet", "10.0.0.5", 5432, "vitals", null, "fleet")]
    [InlineData("postgres://us%40er:p%3Ass@[::1]:5433/my%20db", "::1", 5433, "us@er", "p:ss", "my db")]
    [InlineData("Host=db;Port=5999;Database=fleet;Username=u;Password=p", "db", 5999, "u", "p", "fleet")]
    public void TryNormalize_UrlOrKeywords_EveryPartRead(string value, string host, int port, string user, string? password, string database)
    {
        Assert.True(PostgresConnectionString.TryNormalize(value, out var connectionString, out var error), error);

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal((host, port, user, password, database), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
    }

    [Fact]
    public void TryNormalize_QueryParameters_AreConnectionKeywords()
    {
        Assert.True(PostgresConnectionString.TryNormalize("postgres://u@h/d?sslmode=require&Timeout=7", out var connectionString, out _));

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal(7, builder.Timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sqlite")]
    [InlineData("/var/lib/vitals/vitals.db")]
    [InlineData("mysql://u@h/d")]
    [InlineData("postgres://")]
    [InlineData("Database=fleet")]
    [InlineData("Hots=db;Database=fleet")]
    [InlineData("postgres://u@h/d?nonsense=1")]
    public void TryNormalize_NotAPostgresLocation_FalseWithAReason(string value)
    {
        Assert.False(PostgresConnectionString.TryNormalize(value, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Describe_NeverShowsThePassword()
    {
        var description = PostgresConnectionString.Describe("postgres://vitals:s3cret@db:6543/fleet");

        Assert.Equal("vitals@db:6543/fleet", description);
    }
}
