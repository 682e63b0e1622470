using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vitals.Cli.Tests.Support;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Serve;

public sealed class ServeAgentTests
{
    [Theory]
    [InlineData("8.8.8.8:5555", "must be a loopback or private address")]
    [InlineData("0.0.0.0:5555", "must be a loopback or private address")]
    [InlineData("[::]:5555", "must be a loopback or private address")]
    [InlineData("[2001:db8::1]:5555", "must be a loopback or private address")]
    [InlineData("169.254.1.1:5555", "must be a loopback or private address")]
    [InlineData("nowhere", "must be ADDRESS:PORT")]
    [InlineData("127.0.0.1", "must be ADDRESS:PORT")]
    public async Task Serve_AgentListenNotLoopbackOrPrivate_IsAUsageError(string agent, string message)
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-agent-").FullName;
        try
        {
            var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--agent-listen", agent);

            Assert.Equal(ExitCodes.InvalidUsage, run.ExitCode);
            Assert.Contains($"--agent-listen: {message}", run.Stderr, StringComparison.Ordinal);
            Assert.Contains($"(got '{agent}')", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_AgentPortTaken_SaysSoAndExits3()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-agent-").FullName;
        try
        {
            var run = await CliRun.InProcessAsync("serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--agent-listen", $"127.0.0.1:{port}");

            Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
            Assert.Contains($"agent-listen: cannot listen on 127.0.0.1:{port}", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_AgentListen_PrintsWhereAndThatItIsUnauthenticated_AndAnswers()
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-serve-agent-").FullName;
        var port = LoopbackTcp.RefusedPort().Port;
        var agentPort = LoopbackTcp.RefusedPort().Port;
        using var process = CliRun.StartProcess("serve", "--listen", $"127.0.0.1:{port}", "--data-dir", dataDir,
            "--agent-listen", $"127.0.0.1:{agentPort}");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            string? line = null;
            var output = new List<string>();
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } read)
            {
                output.Add(read);
                if (read.StartsWith("agent check:", StringComparison.Ordinal))
                {
                    line = read;
                    break;
                }
            }

            Assert.True(line is not null, string.Join('\n', output));
            Assert.Equal(string.Create(CultureInfo.InvariantCulture,
                $"agent check: listening on 127.0.0.1:{agentPort} for HAProxy's agent-check (unauthenticated: keep it on loopback or a private network)"), line);

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, agentPort), timeout.Token);
            await socket.SendAsync("mbr-nobody\n"u8.ToArray(), SocketFlags.None, timeout.Token);
            var buffer = new byte[64];
            var length = 0;
            for (var n = 1; n > 0 && length < buffer.Length; length += n)
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token);
            }

            Assert.Equal("unknown-member\n", Encoding.ASCII.GetString(buffer, 0, length));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
