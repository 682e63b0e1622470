using System.Diagnostics;
using System.Net;

namespace Vitals.Server.Tests.Targets;

/// <summary>
/// The network these tests run in: a namespace of their own whose only interface is <c>lo</c> (test.sh runs them under
/// <c>unshare --net</c>), so that a regression cannot send a packet off the machine. The denied addresses are added to
/// <c>lo</c>, where a listener sees any connection made to them.
/// </summary>
internal static class LoOnlyNamespace
{
    /// <summary>The addresses given to lo besides 127.0.0.1 and ::1 (10.0.0.1 makes one the host's own address).</summary>
    public static readonly string[] LoAddresses = ["169.254.169.254", "100.100.100.200", "168.63.129.16", "10.0.0.1", "fd00:ec2::254"];

    private static readonly Lock Gate = new();
    private static bool s_ready;

    /// <summary>Fails the test unless this process is in a namespace whose only interface is lo; brings lo up with the addresses.</summary>
    public static void Require()
    {
        lock (Gate)
        {
            if (s_ready)
            {
                return;
            }

            var interfaces = Interfaces();
            Assert.True(interfaces is ["lo"],
                "These tests must run in a network namespace whose only interface is lo (test.sh: unshare --net; found: "
                + string.Join(", ", interfaces) + "). Run: unshare --net -- dotnet test tests/Vitals.Server.Tests --filter Netns=lo-only");
            Ip("link", "set", "lo", "up");
            foreach (var address in LoAddresses)
            {
                var v6 = IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
                // nodad: usable at once (no duplicate address detection on lo, where there is nobody to ask).
                Ip([v6 ? "-6" : "-4", "addr", "replace", address + (v6 ? "/128" : "/32"), "dev", "lo", .. (v6 ? (string[])["nodad"] : [])]);
            }

            s_ready = true;
        }
    }

    /// <summary>
    /// The interfaces of this process's network namespace, from /proc/self/net/dev: /sys/class/net shows the namespace of
    /// whoever mounted sysfs, so after a bare <c>unshare --net</c> it still lists the host's interfaces.
    /// </summary>
    private static string[] Interfaces()
    {
        const string Dev = "/proc/self/net/dev";
        if (!File.Exists(Dev))
        {
            return ["(no " + Dev + ")"];
        }

        // Two header lines, then "  name: counters...".
        return [.. File.ReadAllLines(Dev).Skip(2).Select(static line => line.Split(':', 2)[0].Trim()).Order(StringComparer.Ordinal)];
    }

    private static void Ip(params string[] args) => Run("ip", args);

    /// <summary>Runs a tool of the namespace (ip, nft) and returns its output; fails the test when it fails.</summary>
    public static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {error}");
        return output.Result;
    }
}
