using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// The store-backed surfaces again on a real PostgreSQL database (the assembly's throwaway cluster), whose text type
/// refuses what SQLite stores (NUL): ids, markers and filters from paths and queries reach its parameters.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzPostgresTests(PostgresClusterFixture fixture)
{
    [Fact]
    public Task Native_OnPostgres_AnyInput_IsNever5xx() => RunAsync("native-postgres", async (s, r) => await NativeSurface.StartAsync(s, r));

    [Fact]
    public Task Huawei_OnPostgres_AnyInput_IsNever5xx() => RunAsync("huawei-postgres", async (s, r) => await HuaweiSurface.StartAsync(s, r));

    private async Task RunAsync(string name, Func<RunningServer, RecordingFleetObserver, Task<IFuzzSurface>> start)
    {
        var cluster = await fixture.GetAsync(TestContext.Current.CancellationToken);
        if (cluster is null)
        {
            if (PostgresClusterFixture.MustFailWhenUnavailable)
            {
                Assert.Fail(fixture.UnavailableReason);
            }

            Assert.Skip(fixture.UnavailableReason);
        }

        var database = await cluster.CreateDatabaseAsync(name.Replace('-', '_'), TestContext.Current.CancellationToken);
        var recorder = new RecordingFleetObserver();
        await using var server = await RunningServer.StartAsync(configure: services => services.AddSingleton<IFleetObserver>(recorder),
            options: o =>
            {
                o.Store = cluster.Url(database);
                o.FailedAuth.Burst = FuzzTests.FailedAuthBurst;
            });
        await FuzzRunner.RunAsync(name, server.BaseAddress, await start(server, recorder), 1500);
    }
}
