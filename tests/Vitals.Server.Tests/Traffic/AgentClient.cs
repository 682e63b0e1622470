using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vitals.Server.Tests.Traffic;

/// <summary>Speaks to the agent-check responder the way HAProxy does: connect, send the agent-send string, read to the close.</summary>
internal static class AgentClient
{
    /// <summary>
    /// Sends <paramref name="request"/> (null: nothing) and returns everything read until the responder closes (at most
    /// <paramref name="within"/>, 5 s by default).
    /// </summary>
    public static async Task<string> AskAsync(IPEndPoint agent, string? request, TimeSpan? within = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within ?? TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(agent, timeout.Token);
        if (request is not null)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
        }

        return await ReadToCloseAsync(socket, timeout.Token);
    }

    /// <summary>Asks for <paramref name="memberId"/> every 100 ms until the line is <paramref name="expected"/> (at most 20 s).</summary>
    public static async Task<string> UntilAsync(IPEndPoint agent, string memberId, Func<string, bool> expected)
    {
        var deadline = Stopwatch.StartNew();
        var line = "";
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            line = await AskAsync(agent, memberId + "\n");
            if (expected(line))
            {
                return line;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the agent never answered the expected line for {memberId}; last: '{line.ReplaceLineEndings("\\n")}'");
        return line;
    }

    public static async Task<string> ReadToCloseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var text = new StringBuilder();
        for (var i = 0; i < 64; i++)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
