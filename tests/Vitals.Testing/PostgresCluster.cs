using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Vitals.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: <c>initdb</c> into a temporary directory, <c>pg_ctl start</c> on
/// 127.0.0.1 with a free port and its unix socket in that directory, trust authentication (loopback only), fsync
/// off (the data is thrown away). PostgreSQL refuses to run as root, so as root the directory is given to the
/// <c>postgres</c> user and the binaries run through <c>runuser -u postgres --</c>. Dispose stops this cluster
/// (<c>pg_ctl stop -m fast</c> on its own data directory) and deletes the directory. Tests get databases of their
/// own from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>The cluster's superuser (created by initdb).</summary>
    public const string User = "vitals";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static int s_databases;

    private readonly string _binDirectory;
    private readonly string _directory;
    private readonly bool _asPostgresUser;
    private int _disposed;

    private PostgresCluster(string binDirectory, string directory, bool asPostgresUser, int port)
    {
        _binDirectory = binDirectory;
        _directory = directory;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>The directory of the server's unix socket.</summary>
    public string SocketDirectory => _directory;

    /// <summary>
    /// The newest <c>/usr/lib/postgresql/N/bin</c> holding <c>initdb</c> and <c>pg_ctl</c> (Debian's layout), or null
    /// when PostgreSQL is not installed (eng/install-test-deps.sh installs it).
    /// </summary>
    public static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        string? best = null;
        var bestVersion = -1;
        foreach (var versionDirectory in Directory.EnumerateDirectories(root))
        {
            var bin = Path.Combine(versionDirectory, "bin");
            if (int.TryParse(Path.GetFileName(versionDirectory), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                && version > bestVersion && File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            {
                (best, bestVersion) = (bin, version);
            }
        }

        return best;
    }

    /// <summary>Creates and starts a cluster; throws <see cref="InvalidOperationException"/> with the server's log when it cannot.</summary>
    public static async Task<PostgresCluster> StartAsync(string binDirectory, CancellationToken cancellationToken = default)
    {
        var asPostgresUser = Environment.UserName == "root";
        var directory = Directory.CreateTempSubdirectory("vitals-pg-").FullName;
        try
        {
            if (asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", directory], cancellationToken);
            }

            var cluster = new PostgresCluster(binDirectory, directory, asPostgresUser, FreePort());
            await cluster.RunPostgresToolAsync("initdb",
                ["-D", cluster.DataDirectory, "-U", User, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], cancellationToken);
            var options = string.Join(' ',
                "-c listen_addresses=127.0.0.1", $"-p {cluster.Port.ToString(CultureInfo.InvariantCulture)}", $"-k {directory}",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");
            try
            {
                await cluster.RunPostgresToolAsync("pg_ctl",
                    ["-D", cluster.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", options, "start"], cancellationToken);
            }
            catch (InvalidOperationException exception)
            {
                var log = Path.Combine(directory, "server.log");
                throw new InvalidOperationException($"{exception.Message}\n{(File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : "")}",
                    exception);
            }

            return cluster;
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>An Npgsql connection string to <paramref name="database"/> over TCP on 127.0.0.1.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = true }.ConnectionString;

    /// <summary>The same location as a <c>postgres://</c> URL (the password is ignored: trust authentication).</summary>
    public string Url(string database) => string.Create(CultureInfo.InvariantCulture, $"postgres://{User}:unused@127.0.0.1:{Port}/{database}");

    /// <summary>Creates an empty database with a unique name starting with <paramref name="prefix"/>; returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{Sanitize(prefix)}_{Environment.ProcessId}_{Interlocked.Increment(ref s_databases)}");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Sanitize(name)}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }

        return builder.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // initdb and pg_ctl run in the temporary directory: the postgres user may not be able to enter the caller's.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
