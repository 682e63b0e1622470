using System.Globalization;
using Vitals.Core.Probing;

namespace Vitals.Core.Traffic;

/// <summary>
/// The one line HAProxy's agent check reads (configuration.txt, "agent-check"): words for the operational state
/// (<c>up</c>, <c>down</c>), the administrative state (<c>ready</c>, <c>drain</c>, <c>maint</c>), a weight percentage, and
/// after a <c>#</c> a description HAProxy shows on its stats page. Words not sent leave HAProxy's state as it is, so an
/// empty line changes nothing.
/// </summary>
/// <remarks>
/// Ready and Down both say <c>ready</c>: only the agent may undo a drain or maintenance it set, so a member switched back
/// on must say so. The percentage is of the weight the server was configured with: servers driven by the agent are
/// written with <c>weight 100</c> (see <c>vitals export haproxy --agent</c>), so the percentage is the member's weight.
/// </remarks>
public static class AgentReply
{
    /// <summary>The longest line written, newline included; a detail is cut to fit.</summary>
    public const int MaxBytes = 256;

    /// <summary>Writes the line for <paramref name="rotation"/> into <paramref name="into"/> (at least <see cref="MaxBytes"/>).</summary>
    /// <param name="rotation">The member's rotation.</param>
    /// <param name="withWeight">Send the weight percentage (not for pools hashed by source address, whose HAProxy algorithm
    /// is static and refuses weights other than 0 % and 100 %).</param>
    /// <param name="detail">The last failed check's detail, for a Down member or one kept by a panic.</param>
    /// <param name="into">The buffer.</param>
    /// <returns>The bytes written.</returns>
    public static int Write(in Rotation rotation, bool withWeight, string? detail, Span<byte> into)
    {
        if (into.Length < MaxBytes)
        {
            throw new ArgumentException($"at least {MaxBytes} bytes", nameof(into));
        }

        var line = new LineWriter(into[..(MaxBytes - 1)]);
        switch (rotation.State)
        {
            case RotationState.Ready:
                line.Append("up ready");
                if (withWeight)
                {
                    line.Append(" ");
                    line.Append(rotation.Weight.ToString(CultureInfo.InvariantCulture));
                    line.Append("%");
                }

                if (rotation.KeptByPanic)
                {
                    line.Append(" #kept in rotation by the pool's min_healthy_percent (panic); failing: ");
                    line.Append(rotation.Reason.ToWire() ?? "check failed");
                }

                break;
            case RotationState.Down:
                line.Append("down ready #");
                line.Append(rotation.Reason.ToWire() ?? "CHECK_FAILED");
                if (!string.IsNullOrEmpty(detail))
                {
                    line.Append(" ");
                    line.AppendText(detail);
                }

                break;
            case RotationState.Drain:
                line.Append("drain");
                break;
            case RotationState.Maint:
                line.Append("maint");
                break;
            default:
                break; // Unknown: an empty line leaves HAProxy's state unchanged
        }

        var length = line.Length;
        into[length] = (byte)'\n';
        return length + 1;
    }

    /// <summary>The line as text (tests, the API's preview), newline included.</summary>
    public static string Text(in Rotation rotation, bool withWeight, string? detail)
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        var length = Write(rotation, withWeight, detail, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>Appends ASCII into a fixed span, dropping what does not fit.</summary>
    private ref struct LineWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Length { get; private set; }

        public void Append(string ascii)
        {
            foreach (var c in ascii)
            {
                Put((byte)c);
            }
        }

        /// <summary>Free text: control characters (a newline would end the line early) become spaces, non-ASCII '?'.</summary>
        public void AppendText(string text)
        {
            foreach (var c in text)
            {
                Put(c < ' ' || c == 127 ? (byte)' ' : c > 126 ? (byte)'?' : (byte)c);
            }
        }

        private void Put(byte b)
        {
            if (Length < _buffer.Length)
            {
                _buffer[Length++] = b;
            }
        }
    }
}
