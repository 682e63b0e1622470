using System.Data.Common;
using Dapper;
using Npgsql;

namespace Vitals.Storage.Postgres;

/// <summary>
/// An open connection and, for writes and snapshots, its transaction. Dapper binds parameters; rows are read by
/// ordinal into the Core records by each kind's mapper (the same mappers' shape as the SQLite store's).
/// </summary>
internal readonly record struct PostgresDb(NpgsqlConnection Connection, NpgsqlTransaction? Transaction, CancellationToken CancellationToken)
{
    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Connection.ExecuteAsync(Command(sql, parameters));

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, parameters));

    public async Task<bool> ExistsAsync(string sql, object? parameters = null) =>
        await Connection.ExecuteScalarAsync<int?>(Command(sql, parameters)) is not null;

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters, Func<DbDataReader, T> read)
    {
        var list = new List<T>();
        await using var reader = await Connection.ExecuteReaderAsync(Command(sql, parameters));
        while (await reader.ReadAsync(CancellationToken))
        {
            list.Add(read(reader));
        }

        return list;
    }

    public async Task<T?> QuerySingleAsync<T>(string sql, object? parameters, Func<DbDataReader, T> read)
        where T : class
    {
        await using var reader = await Connection.ExecuteReaderAsync(Command(sql, parameters));
        return await reader.ReadAsync(CancellationToken) ? read(reader) : null;
    }

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, Transaction, cancellationToken: CancellationToken);
}
