using System.Text;
using Dapper;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Sql;

/// <summary>
/// Builds the WHERE clause of a list: always the project, then each filter field that is set. Column names are
/// constants from the callers; values always travel as parameters (a list as one string array).
/// </summary>
internal sealed class SqlWhere
{
    private readonly StringBuilder _sql = new();
    private readonly SqlDialect _dialect;
    private int _count;

    /// <param name="dialect">The SQL the database speaks.</param>
    /// <param name="projectId">The project; null only for the lists that span every project (webhooks, Alertmanagers).</param>
    /// <param name="filter">The common filter fields.</param>
    public SqlWhere(SqlDialect dialect, string? projectId, ResourceFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        _dialect = dialect;
        Equal("project_id", projectId);
        In("id", filter.Ids);
        Equal("numeric_id", filter.NumericId);
        Equal("name", filter.Name);
    }

    public DynamicParameters Parameters { get; } = new();

    /// <summary>The conditions joined by AND; "1 = 1" when there is none (a list of every project, unfiltered).</summary>
    public string Sql => _sql.Length == 0 ? "1 = 1" : _sql.ToString();

    /// <summary>Adds "<paramref name="column"/> = value" when the value is set (a bool binds as 0/1 in SQLite, boolean in PostgreSQL).</summary>
    public void Equal(string column, object? value)
    {
        if (value is null)
        {
            return;
        }

        var name = Next();
        Append($"{column} = @{name}");
        Parameters.Add(name, value);
    }

    public void In(string column, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        var name = Next();
        // An empty list matches nothing, as it should.
        Append(_dialect.In(column, name));
        Parameters.Add(name, values as string[] ?? [.. values]);
    }

    private string Next() => $"w{_count++}";

    private void Append(string condition)
    {
        if (_sql.Length > 0)
        {
            _sql.Append(" AND ");
        }

        _sql.Append(condition);
    }
}
