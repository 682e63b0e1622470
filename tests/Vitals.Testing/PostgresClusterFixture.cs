namespace Vitals.Testing;

/// <summary>
/// One <see cref="PostgresCluster"/> per test assembly (register with <c>[assembly: AssemblyFixture(typeof(PostgresClusterFixture))]</c>),
/// started on first use, so a run that never needs PostgreSQL never starts it, and stopped when the assembly is done.
/// When PostgreSQL is not installed, <see cref="GetAsync"/> returns null and <see cref="UnavailableReason"/> says why:
/// the test fails under CI (<see cref="MustFailWhenUnavailable"/>) and may skip elsewhere.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresCluster? _cluster;
    private Exception? _startFailure;

    public string UnavailableReason { get; private set; } = "";

    /// <summary>True under CI (<c>CI=true</c>): a missing PostgreSQL is a failure there, not a skip.</summary>
    public static bool MustFailWhenUnavailable =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The running cluster, or null when PostgreSQL is not installed. A cluster that fails to start throws (every time).</summary>
    public async Task<PostgresCluster?> GetAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_startFailure is not null)
            {
                throw new InvalidOperationException("the test PostgreSQL cluster failed to start", _startFailure);
            }

            if (_cluster is not null || UnavailableReason.Length > 0)
            {
                return _cluster;
            }

            if (PostgresCluster.FindBinDirectory() is not { } bin)
            {
                UnavailableReason = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run eng/install-test-deps.sh "
                    + "(Debian package postgresql)";
                return null;
            }

            try
            {
                _cluster = await PostgresCluster.StartAsync(bin, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                _startFailure = exception;
                throw;
            }

            return _cluster;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _gate.Dispose();
    }
}
