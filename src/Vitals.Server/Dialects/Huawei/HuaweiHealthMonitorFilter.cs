using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// The filters of <c>GET …/healthmonitors</c> (every one of the seed's query parameters). They match the values as the
/// client sees them in the response, so a filter never finds a record that shows another value. Ids and one name go to
/// the store.
/// </summary>
internal sealed class HuaweiHealthMonitorFilter
{
    private IReadOnlyList<string>? _ids, _names, _domainNames, _types, _expectedCodes, _urlPaths, _httpMethods;
    private IReadOnlyList<int>? _monitorPorts, _delays, _maxRetries, _maxRetriesDown;
    private bool? _adminStateUp;
    private int? _timeout;

    public static HuaweiHealthMonitorFilter Read(HuaweiQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new HuaweiHealthMonitorFilter
        {
            _ids = query.Strings("id"),
            _names = query.Strings("name"),
            _monitorPorts = query.Integers("monitor_port"),
            _domainNames = query.Strings("domain_name", HealthMonitorValidator.ValidateDomainName),
            _delays = query.Integers("delay"),
            _maxRetries = query.Integers("max_retries"),
            _maxRetriesDown = query.Integers("max_retries_down"),
            _adminStateUp = query.Boolean("admin_state_up"),
            _timeout = query.Integer("timeout"),
            _types = Canonical(query, "type", static text => HealthMonitorTypes.TryParse(text, out var type) ? type.Value.ToWire() : null,
                $"is not one of {HealthMonitorTypes.AllowedList}"),
            _expectedCodes = Canonical(query, "expected_codes", static text => text.Replace(" ", "", StringComparison.Ordinal), ""),
            _urlPaths = query.Strings("url_path"),
            _httpMethods = Canonical(query, "http_method", static text => HttpCheckMethods.TryParse(text, out var method) ? method.Value.ToWire() : null,
                "is not GET, HEAD or POST"),
            // Accepted and ignored: Vitals has no enterprise projects (every resource of the project is visible to its token).
        };
    }

    public HealthMonitorFilter Store => HealthMonitorFilter.All with { Ids = _ids, Name = HuaweiQuery.OnlyValue(_names) };

    /// <summary>The match the store cannot make; null when <see cref="Store"/> says it all.</summary>
    public Func<HealthMonitor, bool>? Where =>
        _names is { Count: > 1 } || _monitorPorts is not null || _domainNames is not null || _delays is not null || _maxRetries is not null
        || _maxRetriesDown is not null || _adminStateUp is not null || _timeout is not null || _types is not null || _expectedCodes is not null
        || _urlPaths is not null || _httpMethods is not null
            ? monitor => Matches(HuaweiHealthMonitorMapper.ToDto(monitor))
            : null;

    public bool Matches(HuaweiHealthMonitorDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        return HuaweiQuery.Matches(_ids, dto.Id)
            && HuaweiQuery.Matches(_names, dto.Name)
            && (_monitorPorts is null || (dto.MonitorPort is { } port && HuaweiQuery.Matches(_monitorPorts, port)))
            && (_domainNames is null || (dto.DomainName is { } domain && HuaweiQuery.Matches(_domainNames, domain)))
            && HuaweiQuery.Matches(_delays, dto.Delay)
            && HuaweiQuery.Matches(_maxRetries, dto.MaxRetries)
            && HuaweiQuery.Matches(_maxRetriesDown, dto.MaxRetriesDown)
            && (_adminStateUp is null || _adminStateUp == dto.AdminStateUp)
            && (_timeout is null || _timeout == dto.Timeout)
            && HuaweiQuery.Matches(_types, dto.Type)
            && (_expectedCodes is null || (dto.ExpectedCodes is { } codes && HuaweiQuery.Matches(_expectedCodes, codes)))
            && (_urlPaths is null || (dto.UrlPath is { } path && HuaweiQuery.Matches(_urlPaths, path)))
            && (_httpMethods is null || (dto.HttpMethod is { } method && HuaweiQuery.Matches(_httpMethods, method)));
    }

    /// <summary>The values of an enumerated filter in their wire spelling; an unknown value is an error.</summary>
    private static string[]? Canonical(HuaweiQuery query, string name, Func<string, string?> canonical, string error)
    {
        var values = query.Strings(name);
        if (values is null)
        {
            return null;
        }

        var result = new string[values.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (canonical(values[i]) is { } wire)
            {
                result[i] = wire;
            }
            else
            {
                query.AddError(name, $"'{values[i]}' {error}");
                result[i] = "";
            }
        }

        return result;
    }
}
