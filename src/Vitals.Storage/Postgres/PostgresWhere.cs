using System.Text;
using Dapper;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Postgres;

/// <summary>
/// Builds the WHERE clause of a list: always the project, then each filter field that is set. Column names are
/// constants from the callers; values always travel as parameters (a list as one array parameter).
/// </summary>
internal sealed class PostgresWhere
{
    private readonly StringBuilder _sql = new();
    private int _count;

    public PostgresWhere(string projectId, ResourceFilter filter)
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

    public void In(string column, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        var name = Next();
        // Dapper hands an array to Npgsql as one text[] parameter; = ANY of an empty array matches nothing, as it should.
        Append($"{column} = ANY(@{name})");
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
