using System.Data.Common;
using Dapper;

namespace Vitals.Storage.Sql;

/// <summary>
/// An open connection and, for writes and snapshots, its transaction. Dapper binds parameters; rows are read by
/// ordinal into the Core records by each kind's mapper, which keeps reflection off the start-up path and the column
/// order next to the mapper.
/// </summary>
internal readonly record struct StoreDb(DbConnection Connection, DbTransaction? Transaction, SqlDialect Dialect, CancellationToken CancellationToken)
{
    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Connection.ExecuteAsync(Command(sql, parameters));

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, parameters));

    /// <summary>Whether <paramref name="sql"/> (a <c>SELECT 1 ...</c>) returns a row.</summary>
    public async Task<bool> ExistsAsync(string sql, object? parameters = null) =>
        await Connection.ExecuteScalarAsync(Command(sql, parameters)) is not (null or DBNull);

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters, Func<StoreRow, T> read)
    {
        var list = new List<T>();
        await using var reader = await Connection.ExecuteReaderAsync(Command(sql, parameters));
        var row = new StoreRow(reader, Dialect);
        while (await reader.ReadAsync(CancellationToken))
        {
            list.Add(read(row));
        }

        return list;
    }

    public async Task<T?> QuerySingleAsync<T>(string sql, object? parameters, Func<StoreRow, T> read)
        where T : class
    {
        await using var reader = await Connection.ExecuteReaderAsync(Command(sql, parameters));
        return await reader.ReadAsync(CancellationToken) ? read(new StoreRow(reader, Dialect)) : null;
    }

    private CommandDefinition Command(string sql, object? parameters) =>
        new(sql, parameters, Transaction, cancellationToken: CancellationToken);
}
