using Vitals.Core.Resources;

namespace Vitals.Server.Api;

/// <summary>A member as the API shows it.</summary>
public sealed record MemberDto(string Id, long NumericId, string ProjectId, string Name, string PoolId, string Address, int ProtocolPort,
    int Weight, bool AdminStateUp, string? InstanceId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt) : IResourceDto
{
    public static MemberDto From(Member m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Id, m.NumericId, m.ProjectId, m.Name, m.PoolId, m.Address, m.ProtocolPort, m.Weight, m.AdminStateUp, m.InstanceId,
            m.CreatedAt, m.UpdatedAt);
    }
}

/// <summary>A page of members.</summary>
public sealed record MemberListDto(IReadOnlyList<MemberDto> Members, string? NextMarker, int TotalCount);
