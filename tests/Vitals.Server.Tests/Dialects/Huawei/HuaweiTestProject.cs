using Microsoft.Extensions.DependencyInjection;
using Vitals.Core.Resources;
using Vitals.Server.Tests.Support;
using Vitals.Storage;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>A project with a chosen id (Huawei's 32-character ids) and its token, made in the server's store.</summary>
internal static class HuaweiTestProject
{
    public static async Task<HuaweiElbClient> CreateAsync(RunningServer server, string projectId)
    {
        var token = "hw-token-" + projectId;
        var store = server.Services.GetRequiredService<IStore>();
        var created = await store.CreateProjectAsync(new Project(projectId, "huawei-" + projectId, TimeProvider.System.GetUtcNow()), TokenHash.Compute(token),
            TestContext.Current.CancellationToken);
        Assert.True(created.IsOk, created.ToString());
        return new HuaweiElbClient(server.BaseAddress, token, projectId);
    }

    /// <summary>A load balancer through the native API's service (Huawei's load balancer API is not part of the dialect).</summary>
    public static async Task<string> LoadBalancerAsync(RunningServer server, string projectId, string name = "lb")
    {
        var fleet = server.Services.GetRequiredService<Vitals.Control.Fleet.FleetService>();
        var lb = await fleet.CreateLoadBalancerAsync(projectId, new Vitals.Control.Fleet.LoadBalancerInput { Name = name },
            TestContext.Current.CancellationToken);
        Assert.True(lb.IsSuccess, lb.ToString());
        return lb.Value.Id;
    }
}
