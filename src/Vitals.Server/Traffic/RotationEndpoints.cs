using Vitals.Control.Traffic;
using Vitals.Core.Probing;
using Vitals.Core.Traffic;
using Vitals.Server.Api;

namespace Vitals.Server.Traffic;

/// <summary>
/// <c>GET /api/v1/rotation</c>: every pool's rotation (what the agent check answers and the load-balancer integrations
/// apply), from memory; narrowed by <c>pool_id</c> or <c>loadbalancer_id</c>.
/// </summary>
public static class RotationEndpoints
{
    public static RouteGroupBuilder MapRotationEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGroup("/").RequireCaller().WithTags("Traffic")
            .MapGet("/rotation", Get)
            .WithName("GetRotation")
            .WithSummary("What load balancers should do with each member (ready, down, drain, maint, unknown) and each pool's panic (pool_id, loadbalancer_id)")
            .Produces<RotationDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static IResult Get(HttpContext context, RotationBook book)
    {
        var parameters = new ApiQuery(context.Request);
        var poolId = parameters.String("pool_id");
        var loadBalancerId = parameters.String("loadbalancer_id");
        if (parameters.Errors.HasErrors)
        {
            return ApiProblems.Validation(parameters.Errors.Errors);
        }

        var scope = context.GetCaller().Scope;
        var pools = new List<PoolRotationDto>();
        if (poolId is not null)
        {
            if (book.GetPool(scope, poolId) is not { } pool
                || (loadBalancerId is not null && !string.Equals(pool.Pool.LoadBalancerId, loadBalancerId, StringComparison.Ordinal)))
            {
                return ApiProblems.NotFound("pool", poolId);
            }

            pools.Add(Pool(pool));
        }
        else
        {
            foreach (var id in book.Pools(scope, loadBalancerId))
            {
                if (book.GetPool(scope, id) is { } pool)
                {
                    pools.Add(Pool(pool));
                }
            }
        }

        return TypedResults.Ok(new RotationDto(pools));
    }

    private static PoolRotationDto Pool(PoolRotation pool)
    {
        var members = new MemberRotationDto[pool.Members.Count];
        for (var i = 0; i < members.Length; i++)
        {
            var (member, rotation, detail) = pool.Members[i];
            members[i] = new MemberRotationDto(member.Id, member.Name, member.Address, member.ProtocolPort, member.Weight,
                Rotation.Wire(rotation.State), rotation.KeptByPanic, rotation.Reason.ToWire(), detail,
                AgentReply.Text(rotation, pool.WithWeight, detail).TrimEnd('\n'));
        }

        var panic = PanicDto.Of(pool.Panic);
        return new PoolRotationDto(pool.Pool.Id, pool.Pool.Name, pool.Pool.LoadBalancerId, pool.Pool.LbAlgorithm, pool.Pool.MinHealthyPercent,
            members.Length, pool.InRotation, panic, pool.DecidedAt, members);
    }
}
