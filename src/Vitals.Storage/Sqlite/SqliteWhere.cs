using System.Text;
using Dapper;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Sqlite;

/// <summary>
/// Builds the WHERE clause of a list: always the project, then each filter field that is set. Column names are
/// constants from the callers; values always travel as parameters.
/// </summary>
internal sealed class SqliteWhere
{
    private readonly StringBuilder _sql = new();
    private int _count;

    public SqliteWhere(string projectId, ResourceFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        Equal("project_id", projectId);
        In("id", filter.Ids);
        Equal("numeric_id", filter.NumericId);
        Equal("name", filter.Name);
    }

    public DynamicParameters Parameters { get; } = new();

    public string Sql => _sql.ToString();

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

    public void Equal(string column, bool? value) => Equal(column, value is { } set ? (set ? 1L : 0L) : null);

    public void In(string column, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        var name = Next();
        // Dapper expands a list parameter into (@p1, @p2, ...); an empty list matches nothing, as it should.
        Append($"{column} IN @{name}");
        Parameters.Add(name, values);
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
