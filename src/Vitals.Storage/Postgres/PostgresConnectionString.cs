using System.Globalization;
using Npgsql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// Reads where the PostgreSQL store is: a URL <c>postgres://user:password@host:port/database?sslmode=require</c>
/// (also <c>postgresql://</c>; the port defaults to 5432; user, password and database are percent-decoded; query
/// parameters are Npgsql connection string keywords) or an Npgsql connection string <c>Host=...;Database=...</c>.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>True when <paramref name="value"/> looks like a PostgreSQL location (a URL or a keyword string), valid or not.</summary>
    public static bool IsPostgres(string? value) =>
        value is not null
        && (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || value.Contains('=', StringComparison.Ordinal));

    /// <summary>The Npgsql connection string for <paramref name="value"/>, or false with a sentence saying what is wrong.</summary>
    public static bool TryNormalize(string? value, out string connectionString, out string error)
    {
        connectionString = "";
        error = "";
        if (string.IsNullOrWhiteSpace(value) || !IsPostgres(value))
        {
            error = "expected postgres://user:password@host:port/database or a connection string Host=...;Database=...";
            return false;
        }

        try
        {
            var builder = value.Contains("://", StringComparison.Ordinal) ? FromUrl(value) : new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                error = "the PostgreSQL location names no host";
                return false;
            }

            connectionString = builder.ConnectionString;
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            error = $"not a valid PostgreSQL location: {exception.Message}";
            return false;
        }
    }

    /// <summary>The Npgsql connection string for <paramref name="value"/>; throws <see cref="ArgumentException"/> when it is not valid.</summary>
    public static string Normalize(string value) =>
        TryNormalize(value, out var connectionString, out var error) ? connectionString : throw new ArgumentException(error, nameof(value));

    /// <summary>host:port/database and the user, never the password: for logs and error messages.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return string.Create(CultureInfo.InvariantCulture, $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
    }

    /// <summary><see cref="Describe(NpgsqlConnectionStringBuilder)"/> of a location given as text (assumed valid).</summary>
    public static string Describe(string value) => Describe(new NpgsqlConnectionStringBuilder(Normalize(value)));

    private static NpgsqlConnectionStringBuilder FromUrl(string value)
    {
        var uri = new Uri(value, UriKind.Absolute);
        if (uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException($"unknown scheme {uri.Scheme}");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.DnsSafeHost };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = uri.AbsolutePath.TrimStart('/');
        if (database.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var parameter = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            // libpq's spelling of the one option people pass most often.
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = parameter;
        }

        return builder;
    }
}
