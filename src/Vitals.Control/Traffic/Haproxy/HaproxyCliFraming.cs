using System.Buffers;
using System.Text;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// The runtime API's conversation on one connection. The request is <c>prompt</c> (interactive mode with a prompt, so
/// HAProxy keeps reading commands after the first line; HAProxy 2.6 has no silent interactive mode, <c>prompt i</c>
/// came later), one command per line, then <c>quit</c>. HAProxy writes after each command its answer followed by the
/// prompt <c>"\n&gt; "</c>, and closes after <c>quit</c>:
/// <code>"\n&gt; " answer₁ "\n&gt; " answer₂ "\n&gt; " … answerₙ "\n&gt; " EOF</code>
/// Most answers end with their own line feed (so the text shows an empty line before the prompt); some do not
/// (2.6's <c>del server</c> writes <c>Server deleted.</c> bare), which is why answers are split on the prompt, not on the
/// empty line management.txt describes. One command per line also keeps each command under HAProxy's line limit
/// (<c>tune.bufsize</c>), which a single <c>;</c>-joined line of 1,000 commands would exceed.
/// </summary>
internal static class HaproxyCliFraming
{
    private static ReadOnlySpan<byte> Prompt => "\n> "u8;

    private static ReadOnlySpan<byte> Opening => "prompt\n"u8;

    private static ReadOnlySpan<byte> Closing => "quit\n"u8;

    /// <summary>Writes the whole request into a rented buffer (return it to <see cref="ArrayPool{T}.Shared"/>).</summary>
    public static byte[] BuildRequest(IReadOnlyList<string> commands, out int length)
    {
        var size = Opening.Length + Closing.Length;
        for (var i = 0; i < commands.Count; i++)
        {
            size += Encoding.UTF8.GetByteCount(commands[i]) + 1;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var span = buffer.AsSpan();
        Opening.CopyTo(span);
        length = Opening.Length;
        for (var i = 0; i < commands.Count; i++)
        {
            length += Encoding.UTF8.GetBytes(commands[i], span[length..]);
            span[length++] = (byte)'\n';
        }

        Closing.CopyTo(span[length..]);
        length += Closing.Length;
        return buffer;
    }

    /// <summary>
    /// Splits the response into the answers of <paramref name="expected"/> commands. Returns fewer when HAProxy closed
    /// the connection early; null when the response does not start like a prompt-mode conversation.
    /// </summary>
    public static List<string>? SplitAnswers(ReadOnlySpan<byte> response, int expected)
    {
        // The answer to "prompt" itself: nothing, then the first prompt.
        if (!response.StartsWith(Prompt))
        {
            return null;
        }

        var answers = new List<string>(expected);
        var rest = response[Prompt.Length..];
        while (answers.Count < expected)
        {
            var end = rest.IndexOf(Prompt);
            if (end < 0)
            {
                break;
            }

            var answer = rest[..end];
            if (answer.Length > 0 && answer[^1] == (byte)'\n')
            {
                answer = answer[..^1];
            }

            answers.Add(answer.IsEmpty ? string.Empty : Encoding.UTF8.GetString(answer));
            rest = rest[(end + Prompt.Length)..];
        }

        return answers;
    }
}
