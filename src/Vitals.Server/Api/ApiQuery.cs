using System.Globalization;
using Vitals.Control.Fleet;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Core.Validation;

namespace Vitals.Server.Api;

/// <summary>
/// Reads list parameters from the query string: <c>limit</c> (1-1000, default 100), <c>marker</c>, and filters.
/// Malformed values are collected in <see cref="Errors"/> (each naming its parameter); unknown parameters are ignored.
/// </summary>
internal sealed class ApiQuery(HttpRequest request)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private readonly IQueryCollection _query = request.Query;

    public FieldErrorList Errors { get; } = new();

    public FleetPaging Paging()
    {
        var limit = Int("limit", 1, MaxLimit) ?? DefaultLimit;
        var marker = _query.TryGetValue("marker", out var values) ? values.ToString() : null;
        return new FleetPaging(limit, marker);
    }

    public string? String(string name) => _query.TryGetValue(name, out var values) ? values[0] : null;

    /// <summary>Every value of a repeated parameter (<c>id=a&amp;id=b</c>), or null when absent.</summary>
    public IReadOnlyList<string>? Strings(string name)
    {
        if (!_query.TryGetValue(name, out var values))
        {
            return null;
        }

        var list = new List<string>(values.Count);
        foreach (var value in values)
        {
            if (value is not null)
            {
                list.Add(value);
            }
        }

        return list;
    }

    /// <summary>An address filter in the canonical form addresses are stored in (text that is no address is kept as sent).</summary>
    public string? Address(string name)
    {
        var text = String(name);
        return text is not null && System.Net.IPAddress.TryParse(text, out var address) ? address.ToString() : text;
    }

    public int? Int(string name, int min, int max)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Errors.Add(name, $"must be an integer from {min} to {max} (got '{text}')");
        return null;
    }

    public bool? Bool(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Errors.Add(name, $"must be true or false (got '{text}')");
        return null;
    }

    public ListenerProtocol? ListenerProtocol() =>
        Enum("protocol", ProtocolNames.ListenerAllowedList, static (string t, out ListenerProtocol? p) => ProtocolNames.TryParseListener(t, out p));

    public PoolProtocol? PoolProtocol() =>
        Enum("protocol", ProtocolNames.PoolAllowedList, static (string t, out PoolProtocol? p) => ProtocolNames.TryParsePool(t, out p));

    public HealthMonitorType? MonitorType() =>
        Enum("type", HealthMonitorTypes.AllowedList, static (string t, out HealthMonitorType? p) => HealthMonitorTypes.TryParse(t, out p));

    private delegate bool TryParse<T>(string text, out T? value)
        where T : struct;

    private T? Enum<T>(string name, string allowed, TryParse<T> parse)
        where T : struct
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        Errors.Add(name, $"must be one of {allowed} (got '{text}')");
        return null;
    }
}
