using System.Text;

namespace Vitals.Cli;

/// <summary>The process entry point: real console streams, signal handling on.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Buffered so that a burst of events does not cost one write syscall per line; the commands flush at
        // the points where a person or a pipe must see the output.
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        await using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, bufferSize: 64 * 1024);
        await using var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        return await CliApp.RunAsync(args, stdout, stderr, handleSignals: true, CancellationToken.None);
    }
}
