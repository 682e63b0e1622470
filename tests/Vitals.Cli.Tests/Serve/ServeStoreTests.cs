using Vitals.Cli.Tests.Support;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Serve;

public sealed class ServeStoreTests
{
    [Theory]
    [InlineData("mysql://u@db/fleet")]
    [InlineData("/var/lib/vitals.db")]
    [InlineData("Hots=db;Database=fleet")]
    [InlineData("postgres://")]
    public async Task Serve_BadStore_IsAUsageError(string store)
    {
        var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", "--store", store);

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.StartsWith("--store: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("a|b")]
    public async Task Serve_BadNodeId_IsAUsageError(string nodeId)
    {
        var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", "--node-id", nodeId);

        Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
        Assert.StartsWith("--node-id must be 1 to 63 letters", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SecretsKeyFileNotAKey_ClearErrorNoStackTrace()
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-").FullName;
        try
        {
            var keyFile = Path.Combine(dataDir, "given.key");
            await File.WriteAllTextAsync(keyFile, "too short", TestContext.Current.CancellationToken);

            var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--secrets-key-file", keyFile);

            Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
            Assert.StartsWith($"secrets: '{keyFile}' is not a secrets key", run.Stderr, StringComparison.Ordinal);
            Assert.Single(run.Stderr.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_PostgresNotListening_ClearErrorNoStackTrace()
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-").FullName;
        try
        {
            var port = LoopbackTcp.RefusedPort().Port;

            var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir,
                "--store", $"postgres://vitals:s3cret@127.0.0.1:{port}/fleet");

            Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
            Assert.StartsWith($"store: cannot open PostgreSQL vitals@127.0.0.1:{port}/fleet: ", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(" at Npgsql", run.Stderr, StringComparison.Ordinal);
            Assert.Single(run.Stderr.Trim().Split('\n'));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
