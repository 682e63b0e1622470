using Vitals.Storage.Filters;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// The filters of <c>GET …/pools/{pool_id}/members</c>. What the store can filter (ids, one name, address or port, the
/// admin state) goes to it; the rest (several values, weight, the live <c>operating_status</c>) is matched on the
/// member as the client sees it.
/// </summary>
internal sealed class HuaweiMemberFilter
{
    private IReadOnlyList<string>? _ids, _names, _addresses, _statuses;
    private IReadOnlyList<int>? _ports, _weights;
    private bool? _adminStateUp;

    public static HuaweiMemberFilter Read(HuaweiQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new HuaweiMemberFilter
        {
            _ids = query.Strings("id"),
            _names = query.Strings("name"),
            _addresses = query.Strings("address"),
            _ports = query.Integers("protocol_port"),
            _weights = query.Integers("weight"),
            _adminStateUp = query.Boolean("admin_state_up"),
            _statuses = query.Strings("operating_status"),
        };
    }

    public MemberFilter Store => MemberFilter.All with
    {
        Ids = _ids,
        Name = HuaweiQuery.OnlyValue(_names),
        Address = HuaweiQuery.OnlyValue(_addresses),
        ProtocolPort = _ports is [var port] ? port : null,
        AdminStateUp = _adminStateUp,
    };

    /// <summary>True when the store cannot make the whole match, so each member must go through <see cref="Matches"/>.</summary>
    public bool NeedsMatching =>
        _names is { Count: > 1 } || _addresses is { Count: > 1 } || _ports is { Count: > 1 } || _weights is not null || _statuses is not null;

    public bool Matches(HuaweiMemberDto dto)
    {
        ArgumentNullException.ThrowIfNull(dto);
        return HuaweiQuery.Matches(_ids, dto.Id) && HuaweiQuery.Matches(_names, dto.Name) && HuaweiQuery.Matches(_addresses, dto.Address)
            && HuaweiQuery.Matches(_ports, dto.ProtocolPort) && HuaweiQuery.Matches(_weights, dto.Weight)
            && (_adminStateUp is null || _adminStateUp == dto.AdminStateUp) && HuaweiQuery.Matches(_statuses, dto.OperatingStatus);
    }
}
